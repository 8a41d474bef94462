package io.userlink.support;

/** Credentials altered the way an attacker or a copy-paste slip would, always into a different value. */
public final class Tampered {

    private Tampered() {
    }

    /**
     * {@code value} with its last character replaced by a different one. A fixed replacement would sometimes
     * change nothing: the last character of an encoded MAC takes only a few values.
     */
    public static String lastCharacter(String value) {
        char last = value.charAt(value.length() - 1);
        return value.substring(0, value.length() - 1) + (last == 'A' ? 'Q' : 'A');
    }
}
