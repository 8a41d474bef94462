package io.userlink.app;

import io.userlink.json.Json;
import java.time.Duration;
import java.util.Locale;

/**
 * The per-app settings as operators see them ({@code userlink apps show} and {@code apps update}): each one's
 * name, effect, default and bounds. {@link AppSettings} enforces the bounds.
 */
public enum AppSetting {
    ACCESS_TOKEN_LIFETIME("access-token-lifetime", "How long an access token is valid. A refresh token family keeps"
            + " the lifetime of its login.",
            bounds(AppSettings.MIN_ACCESS_TOKEN_LIFETIME, AppSettings.MAX_ACCESS_TOKEN_LIFETIME)),
    AUTH_CODE_LIFETIME("auth-code-lifetime", "How long an authentication code may be redeemed, from its issue.",
            bounds(AppSettings.MIN_AUTH_CODE_LIFETIME, AppSettings.MAX_AUTH_CODE_LIFETIME)),
    REFRESH_IDLE_LIFETIME("refresh-idle-lifetime", "How long a refresh token family survives unused. Families keep"
            + " the lifetimes of their login.",
            Durations.text(AppSettings.MIN_REFRESH_IDLE_LIFETIME) + " to the absolute lifetime"),
    REFRESH_ABSOLUTE_LIFETIME("refresh-absolute-lifetime", "How long a refresh token family lives however it is used:"
            + " then the person logs in again.",
            bounds(AppSettings.MIN_REFRESH_ABSOLUTE_LIFETIME, AppSettings.MAX_REFRESH_LIFETIME)),
    SDK_CONFIG("sdk-config", "The JSON object code redemption returns to the SDK as sdk_config, exactly as stored.",
            "a JSON object of at most " + AppSettings.MAX_SDK_CONFIG_BYTES / 1024 + " KiB"),
    DEVICE_POLICY("device-policy", "How many of a user's installs are active at once; later activations only.",
            "phone-preferred, newest-wins or many-active"),
    PASSWORD_POLICY("password-policy", "Which passwords accounts may have: standard (NIST SP 800-63B: a minimum length,"
            + " no composition rules, not a common password, not containing the email's name) or legacy (the source"
            + " product's rule: 6 characters with upper and lower case, a digit and a symbol).",
            "standard or legacy"),
    PASSWORD_MIN_LENGTH("password-min-length", "The fewest characters a password has under the standard policy.",
            AppSettings.MIN_PASSWORD_MIN_LENGTH + " to " + AppSettings.MAX_PASSWORD_MIN_LENGTH),
    REGISTRATION_MODE("registration-mode", "What registering an account does: automatic (usable at once, no mail),"
            + " confirmation_required (usable at once; a mailed link confirms the address) or activation_required"
            + " (usable once a mailed link activated it). Later registrations only.",
            "automatic, confirmation_required or activation_required (the last two need confirmation-link)"),
    CONFIRMATION_LINK("confirmation-link", "Where the link of a confirmation or activation mail leads: a URL or deep"
            + " link with {token}, which the app posts to /v1/accounts/confirm.",
            "https:// or an app's own scheme, with {token}; at most " + AccountMail.MAX_LINK_LENGTH + " characters"),
    PASSWORD_RESET_LINK("password-reset-link", "Where the link of a password-reset mail (and the link back in the"
            + " notice of a move) leads: a URL or deep link with {token}, which the app posts with the new password to"
            + " /v1/accounts/password-reset/confirm. Until it is set, password reset is refused.",
            "https:// or an app's own scheme, with {token}; at most " + AccountMail.MAX_LINK_LENGTH + " characters"),
    MAIL_TEMPLATES("mail-templates", "The app's own subject, text and HTML of each mail (confirm_email,"
            + " activate_account, registration_attempt, password_reset, password_changed, change_email, email_changed,"
            + " undo_email_change, account_deleted), replacing the English defaults; placeholders {app_name}, {email},"
            + " {user_id}, {attributes.NAME}, and {link} and {expires_in} in mails with a link.",
            "a JSON object of at most " + MailTemplates.MAX_BYTES / 1024 + " KiB");

    private final String operatorName;
    private final String effect;
    private final String bounds;

    AppSetting(String operatorName, String effect, String bounds) {
        this.operatorName = operatorName;
        this.effect = effect;
        this.bounds = bounds;
    }

    /** As the admin CLI's option and messages name it, e.g. {@code access-token-lifetime}. */
    public String operatorName() {
        return operatorName;
    }

    /** What the setting changes. */
    public String effect() {
        return effect;
    }

    /** Which values are allowed, for people. */
    public String bounds() {
        return bounds;
    }

    // Switches, not a function per constant: every function that reads an app initialises this enum (AppSettings
    // names its settings in its checks), and each lambda costs a cold start about half a millisecond to link.

    /** The setting's value in {@code settings}, as JSON shows it: seconds for durations. */
    public Object valueIn(AppSettings settings) {
        return switch (this) {
            case ACCESS_TOKEN_LIFETIME, AUTH_CODE_LIFETIME, REFRESH_IDLE_LIFETIME, REFRESH_ABSOLUTE_LIFETIME ->
                    lifetimeIn(settings).toSeconds();
            case SDK_CONFIG -> Json.parseTrustedObject(settings.sdkConfig());
            case DEVICE_POLICY -> settings.devicePolicy().value();
            case PASSWORD_POLICY -> passwordPolicyName(settings);
            case PASSWORD_MIN_LENGTH -> settings.passwordMinLength();
            case REGISTRATION_MODE -> settings.accountMail().registrationMode().value();
            case CONFIRMATION_LINK -> settings.accountMail().confirmationLink();
            case PASSWORD_RESET_LINK -> settings.accountMail().passwordResetLink();
            case MAIL_TEMPLATES -> Json.parseTrustedObject(settings.accountMail().templates().json());
        };
    }

    /** The setting's value in {@code settings}, for people: {@code 30d}, {@code phone-preferred}. */
    public String textIn(AppSettings settings) {
        return switch (this) {
            case ACCESS_TOKEN_LIFETIME, AUTH_CODE_LIFETIME, REFRESH_IDLE_LIFETIME, REFRESH_ABSOLUTE_LIFETIME ->
                    Durations.text(lifetimeIn(settings));
            case SDK_CONFIG -> settings.sdkConfig();
            case DEVICE_POLICY -> settings.devicePolicy().value();
            case PASSWORD_POLICY -> passwordPolicyName(settings);
            case PASSWORD_MIN_LENGTH -> Integer.toString(settings.passwordMinLength());
            case REGISTRATION_MODE -> settings.accountMail().registrationMode().value();
            case CONFIRMATION_LINK -> linkText(settings.accountMail().confirmationLink());
            case PASSWORD_RESET_LINK -> linkText(settings.accountMail().passwordResetLink());
            case MAIL_TEMPLATES -> settings.accountMail().templates().json();
        };
    }

    /** The value of a new app. */
    public Object defaultValue() {
        return valueIn(AppSettings.defaults());
    }

    private Duration lifetimeIn(AppSettings settings) {
        return switch (this) {
            case ACCESS_TOKEN_LIFETIME -> settings.accessTokenLifetime();
            case AUTH_CODE_LIFETIME -> settings.authCodeLifetime();
            case REFRESH_IDLE_LIFETIME -> settings.refreshIdleLifetime();
            case REFRESH_ABSOLUTE_LIFETIME -> settings.refreshAbsoluteLifetime();
            default -> throw new IllegalStateException(operatorName + " is not a lifetime");
        };
    }

    /** A password policy as operators write it: {@code standard}, {@code legacy}. */
    public static String passwordPolicyName(AppSettings settings) {
        return settings.passwordPolicy().name().toLowerCase(Locale.ROOT);
    }

    private static String linkText(String link) {
        return link.isEmpty() ? "(not set)" : link;
    }

    private static String bounds(Duration min, Duration max) {
        return Durations.text(min) + " to " + Durations.text(max);
    }
}
