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
            AppSettings.MIN_PASSWORD_MIN_LENGTH + " to " + AppSettings.MAX_PASSWORD_MIN_LENGTH);

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

    private static String bounds(Duration min, Duration max) {
        return Durations.text(min) + " to " + Durations.text(max);
    }
}
