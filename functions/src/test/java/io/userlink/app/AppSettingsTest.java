package io.userlink.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.AppCredentials.AppSecretRecord;
import io.userlink.password.PasswordPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The caps of an app's settings and the rules of its credential records. */
class AppSettingsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private static void assertRefused(String message, Runnable change) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, change::run).getMessage());
    }

    @Test
    void defaultsThenTheDocumentedValues() {
        AppSettings defaults = AppSettings.defaults();

        assertEquals(HOUR, defaults.accessTokenLifetime());
        assertEquals(Duration.ofMinutes(10), defaults.authCodeLifetime());
        assertEquals(Duration.ofDays(30), defaults.refreshIdleLifetime());
        assertEquals(Duration.ofDays(365), defaults.refreshAbsoluteLifetime());
        assertEquals("{}", defaults.sdkConfig());
        assertEquals(DevicePolicy.PHONE_PREFERRED, defaults.devicePolicy());
    }

    @Test
    void settingsAtTheirBoundsThenAccepted() {
        AppSettings low = AppSettings.defaults().withAccessTokenLifetime(Duration.ofMinutes(1))
                .withAuthCodeLifetime(Duration.ofMinutes(1)).withRefreshIdleLifetime(HOUR)
                .withRefreshAbsoluteLifetime(Duration.ofDays(1));
        AppSettings high = AppSettings.defaults().withAccessTokenLifetime(Duration.ofHours(24))
                .withRefreshIdleLifetime(Duration.ofDays(365));

        assertEquals(Duration.ofDays(1), low.refreshAbsoluteLifetime());
        assertEquals(HOUR, low.refreshIdleLifetime());
        assertEquals(Duration.ofDays(365), high.refreshIdleLifetime(), "idle up to the absolute lifetime");
    }

    @Test
    void settingsOutOfBoundsThenRefusedNamingTheSettingAndItsBounds() {
        AppSettings defaults = AppSettings.defaults();

        assertRefused("access-token-lifetime must be from 1m to 1d, not 59s",
                () -> defaults.withAccessTokenLifetime(Duration.ofSeconds(59)));
        assertRefused("access-token-lifetime must be from 1m to 1d, not 86401s",
                () -> defaults.withAccessTokenLifetime(Duration.ofHours(24).plusSeconds(1)));
        assertRefused("auth-code-lifetime must be from 1m to 10m, not 0s", () -> defaults.withAuthCodeLifetime(Duration.ZERO));
        assertRefused("refresh-absolute-lifetime must be from 1d to 365d, not 366d",
                () -> defaults.withRefreshAbsoluteLifetime(Duration.ofDays(366)));
        assertRefused("refresh-idle-lifetime must be from 1h to 90d (the absolute lifetime), not 91d",
                () -> defaults.withRefreshAbsoluteLifetime(Duration.ofDays(90)).withRefreshIdleLifetime(Duration.ofDays(91)));
        assertRefused("refresh-idle-lifetime must be from 1h to 7d (the absolute lifetime), not 30d",
                () -> defaults.withRefreshAbsoluteLifetime(Duration.ofDays(7)));
        assertRefused("refresh-idle-lifetime must be from 1h to 365d (the absolute lifetime), not 59m",
                () -> defaults.withRefreshIdleLifetime(Duration.ofMinutes(59)));
        assertRefused("password-min-length must be from 8 to 64, not 7", () -> defaults.withPasswordMinLength(7));
        assertRefused("password-min-length must be from 8 to 64, not 65", () -> defaults.withPasswordMinLength(65));
    }

    @Test
    void passwordSettingsAtTheirBoundsThenAcceptedAndDescribedForOperators() {
        assertEquals(64, AppSettings.defaults().withPasswordMinLength(64).passwordMinLength());
        assertEquals(8, AppSetting.PASSWORD_MIN_LENGTH.defaultValue());
        assertEquals("12", AppSetting.PASSWORD_MIN_LENGTH.textIn(AppSettings.defaults().withPasswordMinLength(12)));
        assertEquals("standard", AppSetting.PASSWORD_POLICY.defaultValue());
        assertEquals("legacy", AppSetting.PASSWORD_POLICY.textIn(AppSettings.defaults().withPasswordPolicy(PasswordPolicy.LEGACY)));
        assertEquals("legacy", AppSetting.PASSWORD_POLICY.valueIn(AppSettings.defaults().withPasswordPolicy(PasswordPolicy.LEGACY)));
    }

    @Test
    void sdkConfigWhenAJsonObjectThenStoredInItsCanonicalFormAndReturnedAsStored() {
        AppSettings settings = AppSettings.defaults().withSdkConfig(" { \"b\" : [1, 2.5, \"\u00e9\"], \"a\": {\"x\": null} } ");

        assertEquals("{\"b\":[1,2.5,\"\u00e9\"],\"a\":{\"x\":null}}", settings.sdkConfig());
        assertEquals(settings.sdkConfig(), settings.withSdkConfig(settings.sdkConfig()).sdkConfig(), "a fixed point");
    }

    @Test
    void sdkConfigWhenNotAnObjectOrTooLargeThenRefused() {
        AppSettings defaults = AppSettings.defaults();

        assertRefused("sdk-config must be a JSON object; this is not JSON", () -> defaults.withSdkConfig("{"));
        assertRefused("sdk-config must be a JSON object, not an array or a value", () -> defaults.withSdkConfig("[1]"));
        assertRefused("sdk-config must be a JSON object, not an array or a value", () -> defaults.withSdkConfig("\"x\""));
        assertRefused("sdk-config must be a JSON object; this is not JSON", () -> defaults.withSdkConfig("{\"a\":1,\"a\":2}"));
        String justFits = "{\"k\":\"" + "x".repeat(AppSettings.MAX_SDK_CONFIG_BYTES - 8) + "\"}";
        assertEquals(AppSettings.MAX_SDK_CONFIG_BYTES, defaults.withSdkConfig(justFits).sdkConfig().length());
        assertRefused("sdk-config must be at most 16384 bytes of JSON, not 16385",
                () -> defaults.withSdkConfig("{\"k\":\"" + "x".repeat(AppSettings.MAX_SDK_CONFIG_BYTES - 7) + "\"}"));
    }

    @Test
    void settingsDescribeThemselvesForOperators() {
        assertEquals(3600L, AppSetting.ACCESS_TOKEN_LIFETIME.defaultValue());
        assertEquals("1m to 1d", AppSetting.ACCESS_TOKEN_LIFETIME.bounds());
        assertEquals("phone-preferred", AppSetting.DEVICE_POLICY.defaultValue());
        assertEquals(Map.of(), AppSetting.SDK_CONFIG.defaultValue());
        assertEquals(900L, AppSetting.ACCESS_TOKEN_LIFETIME.valueIn(
                AppSettings.defaults().withAccessTokenLifetime(Duration.ofMinutes(15))));
        assertEquals("15m", AppSetting.ACCESS_TOKEN_LIFETIME.textIn(AppSettings.defaults().withAccessTokenLifetime(Duration.ofMinutes(15))));
        assertEquals("{\"a\":1}", AppSetting.SDK_CONFIG.textIn(AppSettings.defaults().withSdkConfig("{\"a\": 1}")));
        assertEquals("many-active", AppSetting.DEVICE_POLICY.textIn(AppSettings.defaults().withDevicePolicy(DevicePolicy.MANY_ACTIVE)));
        assertEquals("(not set)", AppSetting.CONFIRMATION_LINK.textIn(AppSettings.defaults()));
        assertEquals("myapp://reset/{token}", AppSetting.PASSWORD_RESET_LINK.textIn(AppSettings.defaults()
                .withAccountMail(AccountMail.defaults().withPasswordResetLink("myapp://reset/{token}"))));
        for (AppSetting setting : AppSetting.values()) {
            assertTrue(setting.effect().endsWith("."), setting + " says what it changes");
        }
        assertEquals(Optional.of(DevicePolicy.MANY_ACTIVE), DevicePolicy.fromValue("many-active"));
        assertEquals(Optional.empty(), DevicePolicy.fromValue("MANY_ACTIVE"));
    }

    @Test
    void durationsAsOperatorsWriteThem() {
        assertEquals(Duration.ofSeconds(900), Durations.parse("900"));
        assertEquals(Duration.ofSeconds(900), Durations.parse("900s"));
        assertEquals(Duration.ofMinutes(15), Durations.parse("15m"));
        assertEquals(Duration.ofHours(12), Durations.parse(" 12H "));
        assertEquals(Duration.ofDays(30), Durations.parse("30d"));
        for (String wrong : new String[] {"", "0", "-5m", "m", "1.5h", "15x", "1w", null}) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parse(wrong), String.valueOf(wrong));
        }
        assertEquals(Duration.ofSeconds(3_153_600_000L), Durations.parse("3153600000"), "a century");
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("3153600001"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("99999999999999999999d"));
        assertEquals("30d", Durations.text(Duration.ofDays(30)));
        assertEquals("90m", Durations.text(Duration.ofMinutes(90)));
        assertEquals("1h", Durations.text(HOUR));
        assertEquals("61s", Durations.text(Duration.ofSeconds(61)));
    }

    @Test
    void credentialsWhenMoreThanTwoAppSecretsThenRefused() {
        AppSecretRecord secret = new AppSecretRecord("id", "hash", Instant.EPOCH);

        assertEquals(2, new AppCredentials(1, List.of(secret, secret), Map.of()).appSecrets().size());
        assertThrows(IllegalArgumentException.class,
                () -> new AppCredentials(1, List.of(secret, secret, secret), Map.of()));
    }

    @Test
    void credentialsEmptyThenNoSecretNoKeyAndVersionZero() {
        AppCredentials empty = AppCredentials.empty();

        assertEquals(0, empty.version());
        assertEquals(List.of(), empty.appSecrets());
        assertEquals(Optional.empty(), empty.apiKey("any"));
    }

    @Test
    void apiKeyUsableUntilItsExpiryAndNeverOnceRevoked() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        ApiKeyRecord expiring = new ApiKeyRecord("k", "n", "h", Set.of(Scope.USER_READ), Instant.EPOCH, expiry, false);
        ApiKeyRecord forever = new ApiKeyRecord("k", "n", "h", Set.of(Scope.USER_READ), Instant.EPOCH, null, false);
        ApiKeyRecord revoked = new ApiKeyRecord("k", "n", "h", Set.of(Scope.USER_READ), Instant.EPOCH, null, true);

        assertTrue(expiring.usableAt(expiry.minusSeconds(1)));
        assertFalse(expiring.usableAt(expiry));
        assertTrue(forever.usableAt(Instant.MAX));
        assertFalse(revoked.usableAt(Instant.EPOCH));
    }

    @Test
    void scopesByTheirWrittenNames() {
        assertEquals(Optional.of(Scope.USER_LINK), Scope.fromValue("user.link"));
        assertEquals(Optional.of(Scope.USER_DELETE), Scope.fromValue("user.delete"));
        assertEquals(Optional.empty(), Scope.fromValue("USER_LINK"));
        assertEquals("user.read", Scope.USER_READ.value());
    }
}
