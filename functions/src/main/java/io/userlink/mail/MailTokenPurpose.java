package io.userlink.mail;

import io.userlink.app.MailKind;
import java.time.Duration;

/** What a mailed token proves, and for how long it may be used. */
public enum MailTokenPurpose {
    /** The address is the registrant's: confirming or activating the account. */
    VERIFY_EMAIL(Duration.ofHours(24)),
    /** The address's owner may choose a new password. */
    RESET_PASSWORD(Duration.ofHours(1)),
    /** The new address is the account owner's, who asked to move the account there. */
    CHANGE_EMAIL(Duration.ofHours(24)),
    /**
     * The address an account was moved away from is its owner's, who may move it back there and choose a new password:
     * a week, since the owner of a taken account may read the notice late.
     */
    UNDO_EMAIL_CHANGE(Duration.ofDays(7));

    private final Duration lifetime;

    MailTokenPurpose(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Whether the token moves its account to the address it names. */
    public boolean movesAccount() {
        return this == CHANGE_EMAIL || this == UNDO_EMAIL_CHANGE;
    }

    /**
     * What the token of a mail of {@code kind} proves.
     *
     * @throws IllegalArgumentException for a kind of mail without a link
     */
    public static MailTokenPurpose of(MailKind kind) {
        return switch (kind) {
            case CONFIRM_EMAIL, ACTIVATE_ACCOUNT -> VERIFY_EMAIL;
            case PASSWORD_RESET -> RESET_PASSWORD;
            case CHANGE_EMAIL -> CHANGE_EMAIL;
            case UNDO_EMAIL_CHANGE -> UNDO_EMAIL_CHANGE;
            case REGISTRATION_ATTEMPT, PASSWORD_CHANGED, EMAIL_CHANGED, ACCOUNT_DELETED ->
                    throw new IllegalArgumentException(kind.value() + " carries no token");
        };
    }
}
