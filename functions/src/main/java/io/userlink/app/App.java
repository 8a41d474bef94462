package io.userlink.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer's app as its registry item records it. The item also serves as the update lock of the app's
 * credentials: {@code credentialsVersion} grows with every change to the app's secret, so a warm container
 * notices a revocation on its next read of this item.
 *
 * @param appId the public app id ({@code aud} and {@code client_id} of the app's tokens)
 * @param name a label for people
 * @param credentialsVersion the version of the app's credential secret this item vouches for
 * @param settings the per-app settings
 * @param createdAt when the app was created
 */
public record App(String appId, String name, long credentialsVersion, AppSettings settings, Instant createdAt) {

    public App {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Per-app settings with their defaults and caps.
     *
     * @param accessTokenLifetime lifetime of access tokens (default 1 h, at most 24 h)
     * @param authCodeLifetime lifetime of authentication codes (default and cap 10 min)
     * @param refreshIdleLifetime how long a refresh token family survives unused (default 30 days)
     * @param refreshAbsoluteLifetime how long a family lives however it is used (default and cap 365 days)
     * @param sdkConfig the JSON document handed to the SDK at user creation (default {@code {}})
     */
    public record AppSettings(Duration accessTokenLifetime, Duration authCodeLifetime, Duration refreshIdleLifetime,
                              Duration refreshAbsoluteLifetime, String sdkConfig) {

        public static final Duration MAX_ACCESS_TOKEN_LIFETIME = Duration.ofHours(24);
        public static final Duration MAX_AUTH_CODE_LIFETIME = Duration.ofMinutes(10);
        public static final Duration MAX_REFRESH_LIFETIME = Duration.ofDays(365);

        public AppSettings {
            requireWithin(accessTokenLifetime, MAX_ACCESS_TOKEN_LIFETIME, "accessTokenLifetime");
            requireWithin(authCodeLifetime, MAX_AUTH_CODE_LIFETIME, "authCodeLifetime");
            requireWithin(refreshAbsoluteLifetime, MAX_REFRESH_LIFETIME, "refreshAbsoluteLifetime");
            requireWithin(refreshIdleLifetime, refreshAbsoluteLifetime, "refreshIdleLifetime");
            Objects.requireNonNull(sdkConfig, "sdkConfig");
        }

        public static AppSettings defaults() {
            return new AppSettings(Duration.ofHours(1), MAX_AUTH_CODE_LIFETIME, Duration.ofDays(30), MAX_REFRESH_LIFETIME, "{}");
        }

        /** The same settings with another access token lifetime. */
        public AppSettings withAccessTokenLifetime(Duration lifetime) {
            return new AppSettings(lifetime, authCodeLifetime, refreshIdleLifetime, refreshAbsoluteLifetime, sdkConfig);
        }

        private static void requireWithin(Duration value, Duration max, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be positive and at most " + max);
            }
        }
    }
}
