package io.userlink.app;

import io.userlink.json.Json;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * The per-app settings as operators see them ({@code userlink apps show} and {@code apps update}): each one's
 * name, effect, default and bounds. {@link AppSettings} enforces the bounds.
 */
public enum AppSetting {
    ACCESS_TOKEN_LIFETIME("access-token-lifetime", "How long an access token is valid. A refresh token family keeps"
            + " the lifetime of its login.", AppSettings::accessTokenLifetime,
            bounds(AppSettings.MIN_ACCESS_TOKEN_LIFETIME, AppSettings.MAX_ACCESS_TOKEN_LIFETIME)),
    AUTH_CODE_LIFETIME("auth-code-lifetime", "How long an authentication code may be redeemed, from its issue.",
            AppSettings::authCodeLifetime, bounds(AppSettings.MIN_AUTH_CODE_LIFETIME, AppSettings.MAX_AUTH_CODE_LIFETIME)),
    REFRESH_IDLE_LIFETIME("refresh-idle-lifetime", "How long a refresh token family survives unused. Families keep"
            + " the lifetimes of their login.", AppSettings::refreshIdleLifetime,
            Durations.text(AppSettings.MIN_REFRESH_IDLE_LIFETIME) + " to the absolute lifetime"),
    REFRESH_ABSOLUTE_LIFETIME("refresh-absolute-lifetime", "How long a refresh token family lives however it is used:"
            + " then the person logs in again.", AppSettings::refreshAbsoluteLifetime,
            bounds(AppSettings.MIN_REFRESH_ABSOLUTE_LIFETIME, AppSettings.MAX_REFRESH_LIFETIME)),
    SDK_CONFIG("sdk-config", "The JSON object code redemption returns to the SDK as sdk_config, exactly as stored.",
            settings -> Json.parseTrustedObject(settings.sdkConfig()), AppSettings::sdkConfig,
            "a JSON object of at most " + AppSettings.MAX_SDK_CONFIG_BYTES / 1024 + " KiB"),
    DEVICE_POLICY("device-policy", "How many of a user's installs are active at once; later activations only.",
            settings -> settings.devicePolicy().value(), settings -> settings.devicePolicy().value(),
            "phone-preferred, newest-wins or many-active"),
    PASSWORD_POLICY("password-policy", "Which passwords accounts may have: standard (NIST SP 800-63B: a minimum length,"
            + " no composition rules, not a common password, not containing the email's name) or legacy (the source"
            + " product's rule: 6 characters with upper and lower case, a digit and a symbol).",
            settings -> passwordPolicyName(settings), AppSetting::passwordPolicyName, "standard or legacy"),
    PASSWORD_MIN_LENGTH("password-min-length", "The fewest characters a password has under the standard policy.",
            AppSettings::passwordMinLength, settings -> Integer.toString(settings.passwordMinLength()),
            AppSettings.MIN_PASSWORD_MIN_LENGTH + " to " + AppSettings.MAX_PASSWORD_MIN_LENGTH),
    REGISTRATION_MODE("registration-mode", "What registering an account does: automatic (usable at once, no mail),"
            + " confirmation_required (usable at once; a mailed link confirms the address) or activation_required"
            + " (usable once a mailed link activated it). Later registrations only.",
            settings -> settings.accountMail().registrationMode().value(),
            settings -> settings.accountMail().registrationMode().value(),
            "automatic, confirmation_required or activation_required (the last two need confirmation-link)"),
    CONFIRMATION_LINK("confirmation-link", "Where the link of a confirmation or activation mail leads: a URL or deep"
            + " link with {token}, which the app posts to /v1/accounts/confirm.",
            settings -> settings.accountMail().confirmationLink(), settings -> linkText(settings.accountMail().confirmationLink()),
            "https:// or an app's own scheme, with {token}; at most " + AccountMail.MAX_LINK_LENGTH + " characters"),
    PASSWORD_RESET_LINK("password-reset-link", "Where the link of a password-reset mail leads: a URL or deep link with"
            + " {token}, which the app posts with the new password to /v1/accounts/password-reset/confirm. Until it is"
            + " set, password reset is refused.",
            settings -> settings.accountMail().passwordResetLink(),
            settings -> linkText(settings.accountMail().passwordResetLink()),
            "https:// or an app's own scheme, with {token}; at most " + AccountMail.MAX_LINK_LENGTH + " characters"),
    MAIL_TEMPLATES("mail-templates", "The app's own subject, text and HTML of each mail (confirm_email,"
            + " activate_account, registration_attempt, password_reset, password_changed), replacing the English"
            + " defaults; placeholders {app_name}, {email}, {attributes.NAME}, and {link} and {expires_in} in mails"
            + " with a link.",
            settings -> Json.parseTrustedObject(settings.accountMail().templates().json()),
            settings -> settings.accountMail().templates().json(),
            "a JSON object of at most " + MailTemplates.MAX_BYTES / 1024 + " KiB");

    private final String operatorName;
    private final String effect;
    private final Function<AppSettings, Object> value;
    private final Function<AppSettings, String> text;
    private final String bounds;

    AppSetting(String operatorName, String effect, Function<AppSettings, Object> value, Function<AppSettings, String> text,
               String bounds) {
        this.operatorName = operatorName;
        this.effect = effect;
        this.value = value;
        this.text = text;
        this.bounds = bounds;
    }

    /** A lifetime: seconds in JSON, its largest exact unit in text. */
    AppSetting(String operatorName, String effect, Function<AppSettings, Duration> lifetime, String bounds) {
        this(operatorName, effect, settings -> lifetime.apply(settings).toSeconds(),
                settings -> Durations.text(lifetime.apply(settings)), bounds);
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

    /** The setting's value in {@code settings}, as JSON shows it: seconds for durations. */
    public Object valueIn(AppSettings settings) {
        return value.apply(settings);
    }

    /** The setting's value in {@code settings}, for people: {@code 30d}, {@code phone-preferred}. */
    public String textIn(AppSettings settings) {
        return text.apply(settings);
    }

    /** The value of a new app. */
    public Object defaultValue() {
        return value.apply(AppSettings.defaults());
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
