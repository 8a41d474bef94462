package io.userlink.password;

import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import java.util.Locale;

/**
 * Which passwords an app accepts, named in its settings. A refusal names the rule it broke and never the
 * password.
 */
public enum PasswordPolicy {

    /**
     * After NIST SP 800-63B §5.1.1.2 and OWASP ASVS 5.0 V6.2: at least the app's minimum length (8 unless raised),
     * no composition rules, not among the 10,000 most common passwords, and not containing the local part of the
     * account's email address (when it has 3 characters or more).
     */
    STANDARD,

    /**
     * The source product's rule, for apps that migrate its users: at least 6 characters with an upper-case
     * letter, a lower-case letter, a digit and a character that is none of these.
     */
    LEGACY;

    /** The longest password accepted, in characters: pass phrases fit (NIST asks for at least 64). */
    public static final int MAX_LENGTH = 256;
    /** The shortest password {@link #LEGACY} accepts. */
    public static final int LEGACY_MIN_LENGTH = 6;
    private static final int SHORTEST_LOCAL_PART_CHECKED = 3;

    /**
     * Refuses {@code password} unless it meets this policy.
     *
     * @param minLength the app's minimum length for {@link #STANDARD}
     * @param emailLocalPart the part of the account's address before the {@code @}
     * @throws UserlinkException {@link ErrorCode#PASSWORD_POLICY} naming the rule
     */
    public void check(Password password, int minLength, String emailLocalPart) {
        int length = password.length();
        if (length > MAX_LENGTH) {
            throw refused("max_length", "at most " + MAX_LENGTH + " characters");
        }
        switch (this) {
            case STANDARD -> {
                if (length < minLength) {
                    throw refused("min_length", "at least " + minLength + " characters");
                }
                String folded = password.text().toLowerCase(Locale.ROOT);
                if (CommonPasswords.contains(folded)) {
                    throw refused("common_password", "not one of the 10,000 most common passwords");
                }
                String localPart = emailLocalPart.toLowerCase(Locale.ROOT);
                if (localPart.codePointCount(0, localPart.length()) >= SHORTEST_LOCAL_PART_CHECKED
                        && folded.contains(localPart)) {
                    throw refused("contains_email", "not containing the email address's name (before the @)");
                }
            }
            case LEGACY -> {
                String text = password.text();
                boolean meetsComposition = length >= LEGACY_MIN_LENGTH
                        && text.codePoints().anyMatch(Character::isUpperCase)
                        && text.codePoints().anyMatch(Character::isLowerCase)
                        && text.codePoints().anyMatch(Character::isDigit)
                        && text.codePoints().anyMatch(c -> !Character.isLetterOrDigit(c));
                if (!meetsComposition) {
                    throw refused("legacy_composition", "at least " + LEGACY_MIN_LENGTH
                            + " characters with an upper-case letter, a lower-case letter, a digit and a character that is none of these");
                }
            }
        }
    }

    private static UserlinkException refused(String rule, String requirement) {
        return new UserlinkException(ErrorCode.PASSWORD_POLICY,
                "The password breaks the app's password rule `" + rule + "`: it must be " + requirement + ".");
    }
}
