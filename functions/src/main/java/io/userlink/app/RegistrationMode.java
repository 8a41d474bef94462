package io.userlink.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What registering an account does in an app. Changing an app's mode affects later registrations only: an
 * account registered under activation stays unusable until activated.
 */
public enum RegistrationMode {
    /** The account is usable at once and its address unconfirmed; no mail. */
    AUTOMATIC,
    /** The account is usable at once; a mail's link confirms the address. */
    CONFIRMATION_REQUIRED,
    /** The account is usable once a mail's link activated it (which also confirms the address). */
    ACTIVATION_REQUIRED;

    /** As operators write it and the API shows it, e.g. {@code confirmation_required}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether registering mails the address first, and so answers alike for known and unknown addresses. */
    public boolean mailsFirst() {
        return this != AUTOMATIC;
    }

    /** The mode an operator named, with {@code _} or {@code -} between words. */
    public static Optional<RegistrationMode> fromValue(String value) {
        String normalized = value == null ? "" : value.replace('-', '_');
        return Arrays.stream(values()).filter(mode -> mode.value().equals(normalized)).findFirst();
    }
}
