package io.userlink.password;

import java.text.Normalizer;
import java.util.Objects;

/**
 * A password as a person typed it, Unicode-normalised (NFKC, NIST SP 800-63B §5.1.1.2), so that the same
 * characters typed on two keyboards hash alike. It never prints: {@link #toString()} hides it.
 */
public final class Password {

    private final String normalized;

    private Password(String normalized) {
        this.normalized = normalized;
    }

    public static Password of(String typed) {
        return new Password(Normalizer.normalize(Objects.requireNonNull(typed), Normalizer.Form.NFKC));
    }

    /** Its length in Unicode characters (code points), as a person counts them. */
    public int length() {
        return normalized.codePointCount(0, normalized.length());
    }

    char[] characters() {
        return normalized.toCharArray();
    }

    String text() {
        return normalized;
    }

    @Override
    public String toString() {
        return "Password[hidden]";
    }
}
