package io.userlink.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The mails Userlink sends to the address of an account, each with its own per-app template. */
public enum MailKind {
    /** Registration under {@code confirmation_required}, or a resend: a link that confirms the address. */
    CONFIRM_EMAIL(true, false),
    /** Registration under {@code activation_required}, or a resend: a link that activates the account. */
    ACTIVATE_ACCOUNT(true, false),
    /**
     * Someone registered an address that already has an account, or asked to move another account to it: the owner
     * is told, and nothing changes.
     */
    REGISTRATION_ATTEMPT(false, false),
    /** A password reset was requested: a link to choose a new password. */
    PASSWORD_RESET(true, false),
    /** The password was reset with a mailed link, or changed: a notice, in case it was not the owner. */
    PASSWORD_CHANGED(false, true),
    /** The signed-in owner asked to move the account to another address: a link, to that address, that moves it. */
    CHANGE_EMAIL(true, false),
    /** The account moved to another address: a notice to the address it left, in case it was not the owner. */
    EMAIL_CHANGED(false, true),
    /**
     * The account moved to another address from a link mailed there: the notice to the address it left, with a link
     * back (the app's password-reset page) that moves it back there and sets a new password, in case it was not the
     * owner. Sent as {@link #EMAIL_CHANGED} when its link can no longer be used (see {@link #withoutLink()}).
     */
    UNDO_EMAIL_CHANGE(true, false),
    /** The account's owner deleted it from the app: a notice to its address, sent after the account is gone. */
    ACCOUNT_DELETED(false, true);

    private final boolean carriesLink;
    private final boolean outlivesAccount;

    MailKind(boolean carriesLink, boolean outlivesAccount) {
        this.carriesLink = carriesLink;
        this.outlivesAccount = outlivesAccount;
    }

    /**
     * Whether the mail is sent though its account is gone by then: a notice of what was done to the account, which
     * its owner must learn of even when the account was deleted right after (an address moved, then the account
     * deleted). Mails with a link, and the notice of an attempt, are dropped with their account.
     */
    public boolean outlivesAccount() {
        return outlivesAccount;
    }

    /**
     * The notice this mail is without its link: what is sent instead when the link can no longer be used (its account
     * gone, the link replaced or past its life), for a notice its owner must learn of all the same. Empty for every
     * other mail, which is dropped then.
     */
    public Optional<MailKind> withoutLink() {
        return this == UNDO_EMAIL_CHANGE ? Optional.of(EMAIL_CHANGED) : Optional.empty();
    }

    /** Whether the mail carries a link with a token, so its template must place {@code {link}}. */
    public boolean carriesLink() {
        return carriesLink;
    }

    /** As templates and the outbox name it, e.g. {@code confirm_email}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MailKind> fromValue(String value) {
        return Arrays.stream(values()).filter(kind -> kind.value().equals(value)).findFirst();
    }
}
