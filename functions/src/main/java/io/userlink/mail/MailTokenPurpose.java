package io.userlink.mail;

import java.time.Duration;

/** What a mailed token proves, and for how long it may be used. */
public enum MailTokenPurpose {
    /** The address is the registrant's: confirming or activating the account. */
    VERIFY_EMAIL(Duration.ofHours(24)),
    /** The address's owner may choose a new password. */
    RESET_PASSWORD(Duration.ofHours(1));

    private final Duration lifetime;

    MailTokenPurpose(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }
}
