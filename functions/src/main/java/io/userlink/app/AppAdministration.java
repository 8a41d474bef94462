package io.userlink.app;

import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.AppCredentials.AppSecretRecord;
import io.userlink.app.AppSettings;
import io.userlink.credential.SecretToken;
import io.userlink.id.RandomIds;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Operator actions on apps and their credentials (the admin CLI's). Credentials are shown once, when
 * created; only their hashes are stored. Every change takes the app item's credentials version as a lock
 * (a conditional write), then writes the secret tagged with the new version, so concurrent operators never
 * lose each other's changes and warm containers reload on their next request.
 */
public final class AppAdministration {

    /** A new app and its first app secret, shown once. */
    public record CreatedApp(App app, String appSecret) {
        @Override
        public String toString() {
            return "CreatedApp[" + app.appId() + "]";
        }
    }

    /** A change to an app's credentials, and what the operator is told of it (a credential it created, shown once). */
    private record Change<T>(AppCredentials credentials, T result) {}

    private static final Comparator<ApiKeyRecord> OLDEST_FIRST = Comparator.comparing(ApiKeyRecord::createdAt);
    private static final int ATTEMPTS = 10;
    private static final Duration UNFINISHED_UPDATE_PAUSE = Duration.ofMillis(200);

    private final AppStore apps;
    private final AppCredentialsStore credentials;
    private final RandomIds ids;
    private final InstantSource clock;
    private final Runnable unfinishedUpdatePause;

    public AppAdministration(AppStore apps, AppCredentialsStore credentials, RandomIds ids, InstantSource clock) {
        this(apps, credentials, ids, clock, AppAdministration::pause);
    }

    /** @param unfinishedUpdatePause waits a moment for another operator's update to write its secret */
    AppAdministration(AppStore apps, AppCredentialsStore credentials, RandomIds ids, InstantSource clock,
                      Runnable unfinishedUpdatePause) {
        this.apps = Objects.requireNonNull(apps);
        this.credentials = Objects.requireNonNull(credentials);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
        this.unfinishedUpdatePause = Objects.requireNonNull(unfinishedUpdatePause);
    }

    /** The app with this id, if it exists. */
    public Optional<App> app(String appId) {
        return apps.find(appId);
    }

    /** Registers an app with one app secret. The secret is written first: an app item never lacks one. */
    public CreatedApp createApp(String name, AppSettings settings) {
        Instant now = clock.instant();
        App app = new App(ids.appId(), name, 1, 0, settings, now);
        SecretToken secret = SecretToken.generate(SecretToken.APP_SECRET_PREFIX, ids.credentialId(), ids.random());
        credentials.save(app.appId(), new AppCredentials(1,
                List.of(new AppSecretRecord(secret.id(), secret.secretHash(), now)), Map.of()));
        apps.create(app);
        return new CreatedApp(app, secret.value());
    }

    /**
     * Creates an API key with these scopes; {@code expiresAt} null for a key that does not expire.
     *
     * @return the key, to be shown once
     */
    public String createApiKey(String appId, String name, Set<Scope> scopes, Instant expiresAt) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("an API key needs at least one scope");
        }
        if (name.isEmpty() || name.length() > AppCredentials.MAX_API_KEY_NAME_LENGTH
                || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an API key's name takes 1 to " + AppCredentials.MAX_API_KEY_NAME_LENGTH
                    + " characters, none of them control characters");
        }
        return update(appId, current -> {
            if (current.apiKeys().size() >= AppCredentials.MAX_API_KEYS) {
                throw new IllegalStateException("app " + appId + " holds " + current.apiKeys().size()
                        + " API keys, revoked and expired ones included, the most it may hold; remove those that no"
                        + " longer work (keys prune), or revoke unused ones and remove them");
            }
            SecretToken key = SecretToken.generate(SecretToken.API_KEY_PREFIX,
                    appId + "." + ids.credentialId(), ids.random());
            String keyId = key.id().substring(appId.length() + 1);
            Map<String, ApiKeyRecord> keys = new HashMap<>(current.apiKeys());
            keys.put(keyId, new ApiKeyRecord(keyId, name, key.secretHash(), scopes, clock.instant(), expiresAt, false));
            return new Change<>(new AppCredentials(current.version(), current.appSecrets(), keys), key.value());
        });
    }

    /** Revokes an API key; revoking a revoked key changes nothing. */
    public void revokeApiKey(String appId, String keyId) {
        update(appId, current -> {
            ApiKeyRecord key = current.apiKey(keyId)
                    .orElseThrow(() -> new NoSuchElementException("app " + appId + " has no API key " + keyId));
            Map<String, ApiKeyRecord> keys = new HashMap<>(current.apiKeys());
            keys.put(keyId, new ApiKeyRecord(key.keyId(), key.name(), key.hash(), key.scopes(), key.createdAt(),
                    key.expiresAt(), true));
            return new Change<>(new AppCredentials(current.version(), current.appSecrets(), keys), null);
        });
    }

    /**
     * Removes the API keys that can never work again, revoked or expired, so that their records no longer count
     * towards {@link AppCredentials#MAX_API_KEYS}. Nothing is written when there is none.
     *
     * @return the removed keys' records, oldest first
     */
    public List<ApiKeyRecord> pruneApiKeys(String appId) {
        return update(appId, current -> {
            List<ApiKeyRecord> removed = dead(current);
            Map<String, ApiKeyRecord> keys = new HashMap<>(current.apiKeys());
            removed.forEach(key -> keys.remove(key.keyId()));
            return new Change<>(new AppCredentials(current.version(), current.appSecrets(), keys), removed);
        });
    }

    private List<ApiKeyRecord> dead(AppCredentials current) {
        Instant now = clock.instant();
        return current.apiKeys().values().stream().filter(key -> !key.usableAt(now)).sorted(OLDEST_FIRST).toList();
    }

    /**
     * Adds a new app secret; the newest previous one stays valid so shipped apps keep working until an
     * update with the new secret reaches them, and any older one stops working.
     *
     * @return the new secret, to be shown once
     */
    public String rotateAppSecret(String appId) {
        return update(appId, current -> {
            SecretToken secret = SecretToken.generate(SecretToken.APP_SECRET_PREFIX, ids.credentialId(), ids.random());
            // Secrets are kept in the order they were added: the last one is the newest.
            List<AppSecretRecord> secrets = current.appSecrets();
            List<AppSecretRecord> kept = new ArrayList<>(secrets.subList(Math.max(0, secrets.size() - 1), secrets.size()));
            kept.add(new AppSecretRecord(secret.id(), secret.secretHash(), clock.instant()));
            return new Change<>(new AppCredentials(current.version(), kept, current.apiKeys()), secret.value());
        });
    }

    /** Every app, oldest first. */
    public List<App> apps() {
        return apps.list();
    }

    /**
     * Changes an app's settings: {@code change} is applied to the settings as stored, under the app item's
     * settings version, so two operators changing settings at once both keep their change (or one is told).
     *
     * @return the app as it now is
     * @throws IllegalArgumentException naming the setting and its bounds, for a value out of bounds
     */
    public App updateSettings(String appId, UnaryOperator<AppSettings> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            App app = requireApp(appId);
            App updated = app.withSettings(change.apply(app.settings()));
            if (apps.replaceSettings(updated)) {
                return updated;
            }
        }
        throw new IllegalStateException("app " + appId + "'s settings are being changed by someone else; try again");
    }

    /** The API keys of an app (hashes only). */
    public List<ApiKeyRecord> apiKeys(String appId) {
        requireApp(appId);
        return credentials.load(appId).apiKeys().values().stream().sorted(OLDEST_FIRST).toList();
    }

    private <T> T update(String appId, Function<AppCredentials, Change<T>> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            App app = requireApp(appId);
            AppCredentials current = credentials.load(appId);
            if (current.version() < app.credentialsVersion() && attempt < ATTEMPTS / 2) {
                // Another operator holds the lock and has not written the secret yet: give it a moment.
                unfinishedUpdatePause.run();
                continue;
            }
            Change<T> changed = change.apply(current);
            if (changed.credentials().equals(current) && current.version() == app.credentialsVersion()) {
                // Nothing to write, and no unfinished update to complete: the lock is not taken.
                return changed.result();
            }
            requireRoomForAVersion(appId);
            if (apps.advanceCredentialsVersion(appId, app.credentialsVersion())) {
                AppCredentials next = changed.credentials();
                credentials.save(appId, new AppCredentials(app.credentialsVersion() + 1, next.appSecrets(),
                        next.apiKeys()));
                return changed.result();
            }
        }
        throw new IllegalStateException("app " + appId + " is being changed by someone else; try again");
    }

    /**
     * Refuses a change the secret could not take before anything is written: a write refused after the credentials
     * version was raised would make every function read the secret on every request until a change succeeds, which
     * here would be up to a day.
     */
    private void requireRoomForAVersion(String appId) {
        credentials.fullUntil(appId, clock.instant()).ifPresent(until -> {
            throw new IllegalStateException("app " + appId + "'s credentials changed 100 times within a day, the most"
                    + " Secrets Manager keeps of a secret: nothing was changed; the next change can be made from " + until);
        });
    }

    private App requireApp(String appId) {
        return apps.find(appId).orElseThrow(() -> new NoSuchElementException("no app " + appId));
    }

    private static void pause() {
        try {
            Thread.sleep(UNFINISHED_UPDATE_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another credentials update", e);
        }
    }
}
