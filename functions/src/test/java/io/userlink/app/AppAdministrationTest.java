package io.userlink.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.AppAdministration.CreatedApp;
import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.AppCredentials.AppSecretRecord;
import io.userlink.credential.SecretToken;
import io.userlink.id.RandomIds;
import io.userlink.support.InMemoryStores;
import io.userlink.support.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Operator actions on apps and their credentials (the admin CLI's), over the in-memory stores. */
class AppAdministrationTest {

    private final InMemoryStores stores = new InMemoryStores();
    private final MutableClock clock = MutableClock.atNow();
    private final List<String> pauses = new ArrayList<>();
    private final Queue<Runnable> duringPauses = new ArrayDeque<>();
    private final AppAdministration administration = new AppAdministration(stores.apps(), stores.appCredentials(),
            new RandomIds(new SecureRandom()), clock, this::pause);

    @Test
    void createAppThenTheAppAndOneSecretWhoseHashAloneIsStored() {
        CreatedApp created = administration.createApp("my app", AppSettings.defaults());

        App stored = stores.apps().find(created.app().appId()).orElseThrow();
        assertEquals(created.app(), stored);
        assertEquals(1, stored.credentialsVersion());
        SecretToken secret = SecretToken.parse(SecretToken.APP_SECRET_PREFIX, created.appSecret()).orElseThrow();
        AppCredentials credentials = stores.appCredentials().load(stored.appId());
        assertEquals(1, credentials.version());
        assertEquals(List.of(new AppSecretRecord(secret.id(), secret.secretHash(), clock.instant())), credentials.appSecrets());
        assertFalse(created.toString().contains(created.appSecret()), "the secret stays out of logs");
        assertTrue(created.toString().contains(stored.appId()));
        assertEquals(Optional.of(stored), administration.app(stored.appId()));
    }

    @Test
    void createApiKeyThenItsRecordUnderANewCredentialsVersion() {
        App app = app();
        Instant expiry = clock.instant().plus(Duration.ofDays(90));

        String key = administration.createApiKey(app.appId(), "backend", Set.of(Scope.USER_READ, Scope.USER_LINK), expiry);

        SecretToken parsed = SecretToken.parse(SecretToken.API_KEY_PREFIX, key).orElseThrow();
        assertTrue(parsed.id().startsWith(app.appId() + "."));
        String keyId = parsed.id().substring(app.appId().length() + 1);
        AppCredentials credentials = stores.appCredentials().load(app.appId());
        assertEquals(new ApiKeyRecord(keyId, "backend", parsed.secretHash(), Set.of(Scope.USER_READ, Scope.USER_LINK),
                clock.instant(), expiry, false), credentials.apiKey(keyId).orElseThrow());
        assertEquals(2, credentials.version());
        assertEquals(2, stores.apps().find(app.appId()).orElseThrow().credentialsVersion(),
                "warm containers see the raised version and reload");
        assertEquals(1, credentials.appSecrets().size(), "the app secret is kept");
    }

    @Test
    void createApiKeyWhenNoScopeThenRefusedAndNothingChanges() {
        App app = app();

        assertThrows(IllegalArgumentException.class, () -> administration.createApiKey(app.appId(), "none", Set.of(), null));
        assertEquals(1, stores.apps().find(app.appId()).orElseThrow().credentialsVersion());
    }

    /**
     * An app at its most API keys, dead ones included: the next is refused before the credentials version is raised
     * (a raised version whose secret was never written makes every function read the secret on every request), and
     * the message says what to do.
     */
    @Test
    void createApiKeyWhenTheAppHoldsTheMostKeysThenRefusedWithWhatToDoAndNothingChanges() {
        App app = app();
        for (int i = 0; i < AppCredentials.MAX_API_KEYS; i++) {
            administration.createApiKey(app.appId(), "key " + i, Set.of(Scope.USER_LINK), null);
        }
        long version = stores.apps().find(app.appId()).orElseThrow().credentialsVersion();

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> administration.createApiKey(app.appId(), "one more", Set.of(Scope.USER_LINK), null));

        assertTrue(refused.getMessage().contains("keys prune"), refused.getMessage());
        assertEquals(version, stores.apps().find(app.appId()).orElseThrow().credentialsVersion());
        assertEquals(AppCredentials.MAX_API_KEYS, administration.apiKeys(app.appId()).size());
    }

    /**
     * Secrets Manager keeps every version of an app's secret from the last 24 hours, at most 100: a change beyond them
     * is refused before the credentials version is raised, and the message says from when the next can be made.
     */
    @Test
    void changesWhenTheSecretTakesNoNewVersionThenRefusedSayingFromWhenAndNothingChanges() {
        App app = app();
        String kept = keyId(administration.createApiKey(app.appId(), "kept", Set.of(Scope.USER_LINK), null));
        Instant until = clock.instant().plus(Duration.ofHours(3));
        stores.fillCredentialVersionsUntil(app.appId(), until);
        long version = stores.apps().find(app.appId()).orElseThrow().credentialsVersion();
        AppCredentials before = stores.appCredentials().load(app.appId());

        List<Runnable> changes = List.of(
                () -> administration.createApiKey(app.appId(), "one more", Set.of(Scope.USER_LINK), null),
                () -> administration.revokeApiKey(app.appId(), kept),
                () -> administration.rotateAppSecret(app.appId()));

        for (Runnable change : changes) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, change::run);
            assertEquals("app " + app.appId() + "'s credentials changed 100 times within a day, the most Secrets Manager"
                    + " keeps of a secret: nothing was changed; the next change can be made from " + until, refused.getMessage());
        }
        assertEquals(version, stores.apps().find(app.appId()).orElseThrow().credentialsVersion());
        assertEquals(before, stores.appCredentials().load(app.appId()));
        clock.advance(Duration.ofHours(3));
        administration.createApiKey(app.appId(), "one more", Set.of(Scope.USER_LINK), null);
        assertEquals(2, administration.apiKeys(app.appId()).size());
    }

    @Test
    void createApiKeyWhenTheNameIsEmptyTooLongOrHasControlCharactersThenRefusedAndNothingChanges() {
        App app = app();
        String longest = "n".repeat(AppCredentials.MAX_API_KEY_NAME_LENGTH);

        for (String name : List.of("", longest + "n", "line\nbreak", "tab\tbed")) {
            assertThrows(IllegalArgumentException.class,
                    () -> administration.createApiKey(app.appId(), name, Set.of(Scope.USER_LINK), null), name);
        }
        assertEquals(1, stores.apps().find(app.appId()).orElseThrow().credentialsVersion());
        administration.createApiKey(app.appId(), longest, Set.of(Scope.USER_LINK), null);
        assertEquals(List.of(longest), administration.apiKeys(app.appId()).stream().map(ApiKeyRecord::name).toList());
    }

    /** Revoked and expired keys go, oldest first; a key that works stays, one expiring later included. */
    @Test
    void pruneApiKeysThenRevokedAndExpiredKeysGoAndAnAppAtItsMostTakesANewKey() {
        App app = app();
        String revoked = keyId(administration.createApiKey(app.appId(), "revoked", Set.of(Scope.USER_LINK), null));
        administration.revokeApiKey(app.appId(), revoked);
        clock.advance(Duration.ofSeconds(1));
        administration.createApiKey(app.appId(), "expired", Set.of(Scope.USER_LINK), clock.instant().plusSeconds(60));
        administration.createApiKey(app.appId(), "expires later", Set.of(Scope.USER_LINK), clock.instant().plusSeconds(3600));
        for (int i = 3; i < AppCredentials.MAX_API_KEYS; i++) {
            administration.createApiKey(app.appId(), "key " + i, Set.of(Scope.USER_LINK), null);
        }
        clock.advance(Duration.ofSeconds(60));

        List<ApiKeyRecord> removed = administration.pruneApiKeys(app.appId());

        assertEquals(List.of("revoked", "expired"), removed.stream().map(ApiKeyRecord::name).toList());
        List<String> kept = administration.apiKeys(app.appId()).stream().map(ApiKeyRecord::name).toList();
        assertEquals(AppCredentials.MAX_API_KEYS - 2, kept.size());
        assertTrue(kept.contains("expires later"));
        administration.createApiKey(app.appId(), "new", Set.of(Scope.USER_LINK), null);
    }

    @Test
    void pruneApiKeysWhenNoneIsDeadThenNothingIsWritten() {
        App app = app();
        administration.createApiKey(app.appId(), "works", Set.of(Scope.USER_LINK), null);
        long version = stores.apps().find(app.appId()).orElseThrow().credentialsVersion();

        assertEquals(List.of(), administration.pruneApiKeys(app.appId()));

        assertEquals(version, stores.apps().find(app.appId()).orElseThrow().credentialsVersion());
        assertThrows(NoSuchElementException.class, () -> administration.pruneApiKeys("app-nosuchappnosuchap"));
    }

    @Test
    void revokeApiKeyThenRevokedAndItsOtherFieldsKept() {
        App app = app();
        String key = administration.createApiKey(app.appId(), "backend", Set.of(Scope.USER_LINK), null);
        ApiKeyRecord before = administration.apiKeys(app.appId()).getFirst();

        administration.revokeApiKey(app.appId(), before.keyId());
        long version = stores.apps().find(app.appId()).orElseThrow().credentialsVersion();
        administration.revokeApiKey(app.appId(), before.keyId());

        assertEquals(version, stores.apps().find(app.appId()).orElseThrow().credentialsVersion(), "nothing written again");
        ApiKeyRecord after = administration.apiKeys(app.appId()).getFirst();
        assertTrue(after.revoked());
        assertEquals(new ApiKeyRecord(before.keyId(), before.name(), before.hash(), before.scopes(), before.createdAt(),
                before.expiresAt(), true), after);
        assertFalse(after.usableAt(clock.instant()));
        assertTrue(key.contains(before.keyId()));
    }

    @Test
    void revokeApiKeyWhenUnknownKeyOrAppThenNoSuchElement() {
        App app = app();

        assertThrows(NoSuchElementException.class, () -> administration.revokeApiKey(app.appId(), "nosuchkey"));
        assertThrows(NoSuchElementException.class, () -> administration.revokeApiKey("app-nosuchappnosuchap", "k"));
        assertThrows(NoSuchElementException.class, () -> administration.apiKeys("app-nosuchappnosuchap"));
    }

    @Test
    void rotateAppSecretThenTheNewestPreviousOneStaysAndOlderOnesGo() {
        CreatedApp created = administration.createApp("my app", AppSettings.defaults());
        String appId = created.app().appId();

        String second = administration.rotateAppSecret(appId);
        assertEquals(List.of(secretId(created.appSecret()), secretId(second)), secretIds(appId));
        String third = administration.rotateAppSecret(appId);

        assertEquals(List.of(secretId(second), secretId(third)), secretIds(appId));
    }

    @Test
    void apiKeysThenOldestFirst() {
        App app = app();
        administration.createApiKey(app.appId(), "first", Set.of(Scope.USER_LINK), null);
        clock.advance(Duration.ofSeconds(1));
        administration.createApiKey(app.appId(), "second", Set.of(Scope.USER_LINK), null);
        clock.advance(Duration.ofSeconds(1));
        administration.createApiKey(app.appId(), "third", Set.of(Scope.USER_LINK), null);

        assertEquals(List.of("first", "second", "third"), administration.apiKeys(app.appId()).stream().map(ApiKeyRecord::name).toList());
    }

    @Test
    void updateWhenAnotherOperatorChangedTheCredentialsMeanwhileThenNeitherChangeIsLost() {
        App app = app();
        stores.beforeNextCommit(() -> administration.createApiKey(app.appId(), "theirs", Set.of(Scope.USER_READ), null));

        administration.createApiKey(app.appId(), "mine", Set.of(Scope.USER_LINK), null);

        assertEquals(Set.of("theirs", "mine"), Set.copyOf(administration.apiKeys(app.appId()).stream().map(ApiKeyRecord::name).toList()));
        assertEquals(3, stores.appCredentials().load(app.appId()).version());
    }

    @Test
    void updateWhenAnotherOperatorHoldsTheLockThenWaitsForItsSecretAndKeepsItsChange() {
        // given: another operator took the lock (version 2) and writes its secret while this one waits
        App app = app();
        assertTrue(stores.apps().advanceCredentialsVersion(app.appId(), 1));
        AppCredentials before = stores.appCredentials().load(app.appId());
        duringPauses.add(() -> stores.appCredentials().save(app.appId(), new AppCredentials(2, before.appSecrets(),
                Map.of("theirs", new ApiKeyRecord("theirs", "theirs", "hash", Set.of(Scope.USER_READ), clock.instant(), null, false)))));

        // when
        administration.createApiKey(app.appId(), "mine", Set.of(Scope.USER_LINK), null);

        // then
        assertEquals(1, pauses.size());
        assertEquals(Set.of("theirs", "mine"), Set.copyOf(administration.apiKeys(app.appId()).stream().map(ApiKeyRecord::name).toList()));
        assertEquals(3, stores.appCredentials().load(app.appId()).version());
    }

    @Test
    void updateWhenAnotherOperatorHoldsTheLockButNeverWritesItsSecretThenProceedsAfterFiveWaits() {
        App app = app();
        assertTrue(stores.apps().advanceCredentialsVersion(app.appId(), 1), "another operator took the lock and died");

        administration.createApiKey(app.appId(), "mine", Set.of(Scope.USER_LINK), null);

        assertEquals(5, pauses.size());
        assertEquals(3, stores.appCredentials().load(app.appId()).version());
        assertEquals(List.of("mine"), administration.apiKeys(app.appId()).stream().map(ApiKeyRecord::name).toList());
    }

    /**
     * A change that changes nothing still completes another operator's update that never wrote its secret: left
     * alone, every function would read the secret on every request.
     */
    @Test
    void updateWhenNothingChangesButAnotherOperatorNeverWroteItsSecretThenTheSecretCatchesUp() {
        App app = app();
        assertTrue(stores.apps().advanceCredentialsVersion(app.appId(), 1), "another operator took the lock and died");

        assertEquals(List.of(), administration.pruneApiKeys(app.appId()));

        assertEquals(5, pauses.size());
        assertEquals(3, stores.apps().find(app.appId()).orElseThrow().credentialsVersion());
        assertEquals(3, stores.appCredentials().load(app.appId()).version());
    }

    @Test
    void updateWhenTheLockIsAlwaysLostThenGivesUpWithAClearError() {
        App app = app();
        List<Long> attempts = new ArrayList<>();
        AppStore contended = new AppStore() {
            @Override
            public Optional<App> find(String appId) {
                return stores.apps().find(appId);
            }

            @Override
            public void create(App created) {
                stores.apps().create(created);
            }

            @Override
            public List<App> list() {
                return stores.apps().list();
            }

            @Override
            public boolean advanceCredentialsVersion(String appId, long expectedVersion) {
                attempts.add(expectedVersion);
                return false;
            }

            @Override
            public boolean replaceSettings(App updated) {
                attempts.add(updated.settingsVersion());
                return false;
            }
        };
        AppAdministration losing = new AppAdministration(contended, stores.appCredentials(),
                new RandomIds(new SecureRandom()), clock, this::pause);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> losing.createApiKey(app.appId(), "mine", Set.of(Scope.USER_LINK), null));

        assertTrue(refused.getMessage().contains("try again"));
        assertEquals(10, attempts.size());
        assertEquals(List.of(), administration.apiKeys(app.appId()));
        IllegalStateException told = assertThrows(IllegalStateException.class,
                () -> losing.updateSettings(app.appId(), settings -> settings.withDevicePolicy(DevicePolicy.MANY_ACTIVE)));
        assertTrue(told.getMessage().contains("settings are being changed by someone else"), told.getMessage());
        assertEquals(20, attempts.size(), "ten attempts each");
        assertEquals(AppSettings.defaults(), stores.apps().find(app.appId()).orElseThrow().settings());
    }

    @Test
    void updateSettingsThenStoredUnderTheNextSettingsVersionAndTheCredentialsUntouched() {
        App app = app();

        App updated = administration.updateSettings(app.appId(), settings -> settings
                .withAccessTokenLifetime(Duration.ofMinutes(15)).withDevicePolicy(DevicePolicy.NEWEST_WINS));

        assertEquals(updated, stores.apps().find(app.appId()).orElseThrow());
        assertEquals(1, updated.settingsVersion());
        assertEquals(app.credentialsVersion(), updated.credentialsVersion());
        assertEquals(Duration.ofMinutes(15), updated.settings().accessTokenLifetime());
        assertEquals(DevicePolicy.NEWEST_WINS, updated.settings().devicePolicy());
        assertEquals(AppSettings.defaults().sdkConfig(), updated.settings().sdkConfig(), "what was not named stays");
    }

    @Test
    void updateSettingsWhenAnotherOperatorUpdatedMeanwhileThenBothChangesAreKept() {
        App app = app();
        stores.beforeNextCommit(() -> administration.updateSettings(app.appId(),
                settings -> settings.withSdkConfig("{\"theirs\":true}")));

        App updated = administration.updateSettings(app.appId(), settings -> settings.withDevicePolicy(DevicePolicy.MANY_ACTIVE));

        assertEquals("{\"theirs\":true}", updated.settings().sdkConfig());
        assertEquals(DevicePolicy.MANY_ACTIVE, updated.settings().devicePolicy());
        assertEquals(2, updated.settingsVersion());
    }

    @Test
    void updateSettingsWhenOutOfBoundsThenRefusedAndNothingChanges() {
        App app = app();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> administration.updateSettings(
                app.appId(), settings -> settings.withAuthCodeLifetime(Duration.ofMinutes(11))));

        assertEquals("auth-code-lifetime must be from 1m to 10m, not 11m", refused.getMessage());
        assertEquals(app, stores.apps().find(app.appId()).orElseThrow());
        assertThrows(NoSuchElementException.class, () -> administration.updateSettings("app-nosuchappnosuchap", s -> s));
    }

    @Test
    void appsThenEveryAppOldestFirst() {
        App first = app();
        clock.advance(Duration.ofSeconds(1));
        App second = app();

        assertEquals(List.of(first.appId(), second.appId()), administration.apps().stream().map(App::appId).toList());
    }

    private void pause() {
        pauses.add("paused");
        Runnable during = duringPauses.poll();
        if (during != null) {
            during.run();
        }
    }

    private App app() {
        return administration.createApp("my app", AppSettings.defaults()).app();
    }

    private static String keyId(String apiKey) {
        String id = SecretToken.parse(SecretToken.API_KEY_PREFIX, apiKey).orElseThrow().id();
        return id.substring(id.indexOf('.') + 1);
    }

    private List<String> secretIds(String appId) {
        return stores.appCredentials().load(appId).appSecrets().stream().map(AppSecretRecord::secretId).toList();
    }

    private static String secretId(String secret) {
        return SecretToken.parse(SecretToken.APP_SECRET_PREFIX, secret).orElseThrow().id();
    }
}
