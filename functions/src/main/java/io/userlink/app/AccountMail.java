package io.userlink.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How an app's accounts are mailed: the registration mode, where the links of the mails lead, and the wording.
 *
 * @param confirmationLink the URL template of confirmation and activation links, with {@code {token}}; empty until
 *     set, and required by every mode that mails first
 * @param passwordResetLink the URL template of password-reset links, with {@code {token}}; empty until set, and
 *     password reset refused until then
 */
public record AccountMail(RegistrationMode registrationMode, String confirmationLink, String passwordResetLink,
                          MailTemplates templates) {

    /** The placeholder of a link template that the token replaces. */
    public static final String TOKEN_PLACEHOLDER = "{token}";
    public static final int MAX_LINK_LENGTH = 2000;
    private static final Set<String> REFUSED_SCHEMES = Set.of("javascript", "data", "vbscript", "file");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    public AccountMail {
        Objects.requireNonNull(registrationMode, AppSetting.REGISTRATION_MODE.operatorName());
        checkLink(AppSetting.CONFIRMATION_LINK, confirmationLink);
        checkLink(AppSetting.PASSWORD_RESET_LINK, passwordResetLink);
        Objects.requireNonNull(templates, AppSetting.MAIL_TEMPLATES.operatorName());
        if (registrationMode.mailsFirst() && confirmationLink.isEmpty()) {
            throw new IllegalArgumentException(AppSetting.REGISTRATION_MODE.operatorName() + " "
                    + registrationMode.value() + " mails a link: set " + AppSetting.CONFIRMATION_LINK.operatorName()
                    + " too (a URL with " + TOKEN_PLACEHOLDER + ", e.g. https://app.example.com/confirm?token={token})");
        }
    }

    /** Automatic registration, no links, the default wording. */
    public static AccountMail defaults() {
        return new AccountMail(RegistrationMode.AUTOMATIC, "", "", MailTemplates.none());
    }

    public AccountMail withRegistrationMode(RegistrationMode mode) {
        return new AccountMail(mode, confirmationLink, passwordResetLink, templates);
    }

    public AccountMail withConfirmationLink(String link) {
        return new AccountMail(registrationMode, link, passwordResetLink, templates);
    }

    public AccountMail withPasswordResetLink(String link) {
        return new AccountMail(registrationMode, confirmationLink, link, templates);
    }

    public AccountMail withTemplates(MailTemplates changed) {
        return new AccountMail(registrationMode, confirmationLink, passwordResetLink, changed);
    }

    /**
     * Whether the app's accounts get mail at all: it has a link to mail (every mode that mails first has one). An app
     * without may run on a stack without mail (README, "Account mail", Deploying), so it is sent no notice either.
     */
    public boolean mails() {
        return !confirmationLink.isEmpty() || !passwordResetLink.isEmpty();
    }

    /**
     * Whether the notice of a move by link carries a link back: the app has a reset page to lead it to, and a wording
     * for it where it has its own wording of the notice without one (its language, say; an English default among its
     * own mails would surprise its people).
     */
    public boolean offersLinkBack() {
        return !passwordResetLink.isEmpty()
                && (templates.overrides(MailKind.UNDO_EMAIL_CHANGE) || !templates.overrides(MailKind.EMAIL_CHANGED));
    }

    /** The link a mail of {@code kind} carries, with {@code token} in place. */
    public String link(MailKind kind, String token) {
        // A link back sets a new password too: the app's reset page takes it as it takes a reset link.
        String template = kind == MailKind.PASSWORD_RESET || kind == MailKind.UNDO_EMAIL_CHANGE
                ? passwordResetLink : confirmationLink;
        return template.replace(TOKEN_PLACEHOLDER, token);
    }

    /**
     * An absolute URL or deep link that places the token, and cannot run script or send the token in clear over
     * the network ({@code http} only to this machine).
     */
    private static void checkLink(AppSetting setting, String link) {
        Objects.requireNonNull(link, setting.operatorName());
        if (link.isEmpty()) {
            return;
        }
        String name = setting.operatorName();
        if (link.length() > MAX_LINK_LENGTH || !link.contains(TOKEN_PLACEHOLDER)
                || link.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException(name + " must be a URL of at most " + MAX_LINK_LENGTH
                    + " characters, without spaces, that places " + TOKEN_PLACEHOLDER
                    + " (e.g. https://app.example.com/confirm?token={token} or myapp://confirm/{token})");
        }
        URI uri;
        try {
            uri = new URI(link.replace(TOKEN_PLACEHOLDER, "token"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.isEmpty() || REFUSED_SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException(name + " must start with https:// or an app's own scheme (myapp://), not "
                    + (scheme.isEmpty() ? "a relative URL" : scheme + ":"));
        }
        if (scheme.equals("http") && !LOCAL_HOSTS.contains(String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(name + " must use https: an http link would send the token in clear"
                    + " (http is allowed only to localhost)");
        }
    }
}
