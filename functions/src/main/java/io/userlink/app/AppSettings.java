package io.userlink.app;

import io.userlink.json.Json;
import io.userlink.password.PasswordPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An app's settings, each within its bounds ({@link AppSetting} names and describes them for operators). A value
 * out of bounds is refused with a message naming the setting and its bounds.
 *
 * @param accessTokenLifetime how long an access token is valid
 * @param authCodeLifetime how long an authentication code may be redeemed
 * @param refreshIdleLifetime how long a refresh token family survives unused
 * @param refreshAbsoluteLifetime how long a family lives however it is used
 * @param sdkConfig the JSON object code redemption hands the SDK, stored in its canonical form
 * @param devicePolicy how many of a user's installs are active at once
 * @param passwordPolicy which passwords accounts may have
 * @param passwordMinLength the fewest characters a password has under {@link PasswordPolicy#STANDARD}
 * @param accountMail the registration mode, the links and the wording of account mails
 */
public record AppSettings(Duration accessTokenLifetime, Duration authCodeLifetime, Duration refreshIdleLifetime,
                          Duration refreshAbsoluteLifetime, String sdkConfig, DevicePolicy devicePolicy,
                          PasswordPolicy passwordPolicy, int passwordMinLength, AccountMail accountMail) {

    public static final Duration MIN_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(1);
    public static final Duration MAX_ACCESS_TOKEN_LIFETIME = Duration.ofHours(24);
    public static final Duration MIN_AUTH_CODE_LIFETIME = Duration.ofMinutes(1);
    public static final Duration MAX_AUTH_CODE_LIFETIME = Duration.ofMinutes(10);
    public static final Duration MIN_REFRESH_IDLE_LIFETIME = Duration.ofHours(1);
    public static final Duration MIN_REFRESH_ABSOLUTE_LIFETIME = Duration.ofDays(1);
    public static final Duration MAX_REFRESH_LIFETIME = Duration.ofDays(365);
    /** The largest SDK configuration, in UTF-8 bytes: it travels in the app item every request reads. */
    public static final int MAX_SDK_CONFIG_BYTES = 16 * 1024;
    /** NIST SP 800-63B §5.1.1.2: at least 8 characters. */
    public static final int MIN_PASSWORD_MIN_LENGTH = 8;
    public static final int MAX_PASSWORD_MIN_LENGTH = 64;

    public AppSettings {
        requireWithin(AppSetting.ACCESS_TOKEN_LIFETIME, accessTokenLifetime, MIN_ACCESS_TOKEN_LIFETIME, MAX_ACCESS_TOKEN_LIFETIME);
        requireWithin(AppSetting.AUTH_CODE_LIFETIME, authCodeLifetime, MIN_AUTH_CODE_LIFETIME, MAX_AUTH_CODE_LIFETIME);
        requireWithin(AppSetting.REFRESH_ABSOLUTE_LIFETIME, refreshAbsoluteLifetime, MIN_REFRESH_ABSOLUTE_LIFETIME,
                MAX_REFRESH_LIFETIME);
        requireWithin(AppSetting.REFRESH_IDLE_LIFETIME, refreshIdleLifetime, MIN_REFRESH_IDLE_LIFETIME, refreshAbsoluteLifetime);
        sdkConfig = canonicalSdkConfig(sdkConfig);
        Objects.requireNonNull(devicePolicy, AppSetting.DEVICE_POLICY.operatorName());
        Objects.requireNonNull(passwordPolicy, AppSetting.PASSWORD_POLICY.operatorName());
        if (passwordMinLength < MIN_PASSWORD_MIN_LENGTH || passwordMinLength > MAX_PASSWORD_MIN_LENGTH) {
            throw new IllegalArgumentException(AppSetting.PASSWORD_MIN_LENGTH.operatorName() + " must be from "
                    + MIN_PASSWORD_MIN_LENGTH + " to " + MAX_PASSWORD_MIN_LENGTH + ", not " + passwordMinLength);
        }
        Objects.requireNonNull(accountMail, "accountMail");
    }

    public static AppSettings defaults() {
        return new AppSettings(Duration.ofHours(1), MAX_AUTH_CODE_LIFETIME, Duration.ofDays(30), MAX_REFRESH_LIFETIME, "{}",
                DevicePolicy.PHONE_PREFERRED, PasswordPolicy.STANDARD, MIN_PASSWORD_MIN_LENGTH, AccountMail.defaults());
    }

    public AppSettings withAccessTokenLifetime(Duration lifetime) {
        return new AppSettings(lifetime, authCodeLifetime, refreshIdleLifetime, refreshAbsoluteLifetime, sdkConfig,
                devicePolicy, passwordPolicy, passwordMinLength, accountMail);
    }

    public AppSettings withAuthCodeLifetime(Duration lifetime) {
        return new AppSettings(accessTokenLifetime, lifetime, refreshIdleLifetime, refreshAbsoluteLifetime, sdkConfig,
                devicePolicy, passwordPolicy, passwordMinLength, accountMail);
    }

    public AppSettings withRefreshIdleLifetime(Duration lifetime) {
        return new AppSettings(accessTokenLifetime, authCodeLifetime, lifetime, refreshAbsoluteLifetime, sdkConfig,
                devicePolicy, passwordPolicy, passwordMinLength, accountMail);
    }

    public AppSettings withRefreshAbsoluteLifetime(Duration lifetime) {
        return new AppSettings(accessTokenLifetime, authCodeLifetime, refreshIdleLifetime, lifetime, sdkConfig,
                devicePolicy, passwordPolicy, passwordMinLength, accountMail);
    }

    /** @param json a JSON object, stored in its canonical form (as this codebase writes JSON) */
    public AppSettings withSdkConfig(String json) {
        return new AppSettings(accessTokenLifetime, authCodeLifetime, refreshIdleLifetime, refreshAbsoluteLifetime, json,
                devicePolicy, passwordPolicy, passwordMinLength, accountMail);
    }

    public AppSettings withDevicePolicy(DevicePolicy policy) {
        return new AppSettings(accessTokenLifetime, authCodeLifetime, refreshIdleLifetime, refreshAbsoluteLifetime, sdkConfig,
                policy, passwordPolicy, passwordMinLength, accountMail);
    }

    public AppSettings withPasswordPolicy(PasswordPolicy policy) {
        return new AppSettings(accessTokenLifetime, authCodeLifetime, refreshIdleLifetime, refreshAbsoluteLifetime, sdkConfig,
                devicePolicy, policy, passwordMinLength, accountMail);
    }

    public AppSettings withPasswordMinLength(int length) {
        return new AppSettings(accessTokenLifetime, authCodeLifetime, refreshIdleLifetime, refreshAbsoluteLifetime, sdkConfig,
                devicePolicy, passwordPolicy, length, accountMail);
    }

    public AppSettings withAccountMail(AccountMail mail) {
        return new AppSettings(accessTokenLifetime, authCodeLifetime, refreshIdleLifetime, refreshAbsoluteLifetime, sdkConfig,
                devicePolicy, passwordPolicy, passwordMinLength, mail);
    }

    private static void requireWithin(AppSetting setting, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, setting.operatorName());
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(setting.operatorName() + " must be from " + Durations.text(min) + " to "
                    + Durations.text(max) + (setting == AppSetting.REFRESH_IDLE_LIFETIME ? " (the absolute lifetime)" : "")
                    + ", not " + Durations.text(value));
        }
    }

    /** The object as this codebase writes it, so it is returned exactly as stored. */
    private static String canonicalSdkConfig(String json) {
        Objects.requireNonNull(json, AppSetting.SDK_CONFIG.operatorName());
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AppSetting.SDK_CONFIG.operatorName() + " must be a JSON object; this is not JSON");
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(AppSetting.SDK_CONFIG.operatorName() + " must be a JSON object, not an array or a value");
        }
        String canonical = Json.write(parsed);
        try {
            Json.parse(canonical);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AppSetting.SDK_CONFIG.operatorName()
                    + " holds a number JSON cannot carry exactly; write it as a string");
        }
        int bytes = canonical.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SDK_CONFIG_BYTES) {
            throw new IllegalArgumentException(AppSetting.SDK_CONFIG.operatorName() + " must be at most "
                    + MAX_SDK_CONFIG_BYTES + " bytes of JSON, not " + bytes);
        }
        return canonical;
    }
}
