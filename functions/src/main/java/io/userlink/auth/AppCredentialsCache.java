package io.userlink.auth;

import io.userlink.app.App;
import io.userlink.app.AppCredentials;
import io.userlink.app.AppCredentialsStore;
import io.userlink.cache.VersionedCache;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Each app's credentials, cached per warm container: Secrets Manager is asked at most once per app per
 * {@code timeToLive}, or sooner when the app's registry item shows a newer credentials version (the admin
 * CLI raises it with every change). A revocation therefore reaches every container within
 * {@code timeToLive} at worst.
 */
public final class AppCredentialsCache {

    private final AppCredentialsStore store;
    private final VersionedCache<String, AppCredentials> cache;

    public AppCredentialsCache(AppCredentialsStore store, Duration timeToLive, InstantSource clock) {
        this.store = Objects.requireNonNull(store);
        this.cache = new VersionedCache<>(timeToLive, clock, AppCredentials::version);
    }

    /** The credentials of a registered app. */
    public AppCredentials of(App app) {
        return cache.get(app.appId(), app.credentialsVersion(), store::load);
    }
}
