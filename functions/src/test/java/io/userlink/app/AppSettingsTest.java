package io.userlink.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.App.AppSettings;
import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.AppCredentials.AppSecretRecord;
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

    @Test
    void defaultsThenTheDocumentedValues() {
        AppSettings defaults = AppSettings.defaults();

        assertEquals(HOUR, defaults.accessTokenLifetime());
        assertEquals(Duration.ofMinutes(10), defaults.authCodeLifetime());
        assertEquals(Duration.ofDays(30), defaults.refreshIdleLifetime());
        assertEquals(Duration.ofDays(365), defaults.refreshAbsoluteLifetime());
        assertEquals("{}", defaults.sdkConfig());
    }

    @Test
    void settingsAtTheirCapsThenAccepted() {
        AppSettings capped = new AppSettings(AppSettings.MAX_ACCESS_TOKEN_LIFETIME, AppSettings.MAX_AUTH_CODE_LIFETIME,
                AppSettings.MAX_REFRESH_LIFETIME, AppSettings.MAX_REFRESH_LIFETIME, "{}");

        assertEquals(Duration.ofHours(24), capped.accessTokenLifetime());
        assertEquals(Duration.ofMinutes(5), AppSettings.defaults().withAccessTokenLifetime(Duration.ofMinutes(5)).accessTokenLifetime());
    }

    @Test
    void settingsBeyondTheirCapsZeroOrNegativeThenRefused() {
        Duration day = Duration.ofDays(1);
        assertThrows(IllegalArgumentException.class, () -> new AppSettings(Duration.ofHours(24).plusSeconds(1),
                Duration.ofMinutes(10), day, day, "{}"));
        assertThrows(IllegalArgumentException.class, () -> new AppSettings(HOUR, Duration.ofMinutes(10).plusSeconds(1),
                day, day, "{}"));
        assertThrows(IllegalArgumentException.class, () -> new AppSettings(HOUR, Duration.ofMinutes(10), day,
                Duration.ofDays(366), "{}"));
        assertThrows(IllegalArgumentException.class, () -> new AppSettings(HOUR, Duration.ofMinutes(10),
                day.plusSeconds(1), day, "{}"), "idle beyond absolute");
        assertThrows(IllegalArgumentException.class, () -> new AppSettings(Duration.ZERO, Duration.ofMinutes(10), day, day, "{}"));
        assertThrows(IllegalArgumentException.class, () -> new AppSettings(HOUR.negated(), Duration.ofMinutes(10), day, day, "{}"));
        assertThrows(NullPointerException.class, () -> new AppSettings(HOUR, Duration.ofMinutes(10), day, day, null));
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
