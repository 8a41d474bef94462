package io.userlink.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.app.AppCredentials;
import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.Scope;
import io.userlink.credential.SecretToken;
import io.userlink.credential.Sha256;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.support.Tampered;
import io.userlink.support.TestUserlink;
import io.userlink.support.TestUserlink.TestApp;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API keys, app secrets and access tokens (README, "Credentials and keys"), against DynamoDB Local and the local Secrets Manager. */
class AuthenticatorIT {

    private TestUserlink userlink;
    private Authenticator authenticator;
    private TestApp app;

    @BeforeEach
    void setUp() {
        userlink = TestUserlink.local();
        authenticator = userlink.components().authenticator();
        app = userlink.createApp();
        userlink.dynamoDbCalls().reset();
        userlink.secretsManagerCalls().reset();
    }

    @Test
    void apiKeyWhenValidThenReturnsItsAppAndScopes() {
        ApiKeyCaller caller = authenticator.apiKey(bearer(app.apiKey()), Scope.USER_LINK);

        assertEquals(app.appId(), caller.app().appId());
        assertEquals(Set.of(Scope.values()), caller.scopes());
    }

    @Test
    void apiKeyWhenMalformedThenRefusedBeforeAnyNetworkCall() {
        // given: checklist 11, a bad prefix, a bad checksum, a truncated key
        String key = app.apiKey();
        List<String> malformed = List.of("ulx_" + key.substring(4), Tampered.lastCharacter(key),
                key.substring(0, key.length() - 3), "ulk_", "", "Bearer", key + "a");

        for (String candidate : malformed) {
            // when / then
            assertThrows(AuthenticationException.class, () -> authenticator.apiKey(bearer(candidate), Scope.USER_LINK),
                    candidate);
        }
        assertEquals(0, userlink.dynamoDbCalls().total(), "no DynamoDB call for a malformed key");
        assertEquals(0, userlink.secretsManagerCalls().total(), "no Secrets Manager call for a malformed key");
    }

    @Test
    void apiKeyWhenMissingMalformedUnknownRevokedOrExpiredThenTheSame401() {
        // given: checklist 12
        String revoked = userlink.administration().createApiKey(app.appId(), "to revoke", Set.of(Scope.USER_LINK), null);
        userlink.administration().revokeApiKey(app.appId(), keyId(revoked));
        String expiring = userlink.administration().createApiKey(app.appId(), "expiring", Set.of(Scope.USER_LINK),
                userlink.clock().instant().plusSeconds(60));
        userlink.clock().advance(Duration.ofSeconds(61));
        SecretToken unknownSecret = SecretToken.generate(SecretToken.API_KEY_PREFIX,
                SecretToken.parse(SecretToken.API_KEY_PREFIX, app.apiKey()).orElseThrow().id(), new SecureRandom());
        SecretToken unknownApp = SecretToken.generate(SecretToken.API_KEY_PREFIX, "app-nosuchappnosuch.abcdefghijklmnop",
                new SecureRandom());
        List<Optional<String>> headers = List.of(Optional.empty(), Optional.of(""), Optional.of("Basic abc"),
                bearer("ulk_garbage"), bearer(unknownSecret.value()), bearer(unknownApp.value()), bearer(revoked),
                bearer(expiring));

        for (Optional<String> header : headers) {
            // when
            AuthenticationException refused = assertThrows(AuthenticationException.class,
                    () -> authenticator.apiKey(header, Scope.USER_LINK));

            // then
            assertEquals(ErrorCode.INVALID_CREDENTIALS, refused.code());
            assertEquals("The request lacks valid credentials for this route.", refused.detail());
        }
    }

    /**
     * An app with as many API keys as it may hold, each with the longest name of the most bytes (three of UTF-8 a
     * character), every scope and an expiry: its secret, written through the local Secrets Manager's 64 KiB limit,
     * takes the last one, and the last one authenticates.
     */
    @Test
    void apiKeyWhenTheAppHoldsTheMostKeysWithTheLargestRecordsThenTheSecretTakesThemAndTheLastAuthenticates() {
        // given: all but one written at once (the administration's checks have their unit tests)
        String name = "€".repeat(AppCredentials.MAX_API_KEY_NAME_LENGTH);
        Instant now = userlink.clock().instant();
        Instant expiry = now.plus(Duration.ofDays(3650));
        AppCredentials current = userlink.components().appCredentials().load(app.appId());
        Map<String, ApiKeyRecord> keys = new HashMap<>(current.apiKeys());
        while (keys.size() < AppCredentials.MAX_API_KEYS - 1) {
            String keyId = userlink.components().ids().credentialId();
            keys.put(keyId, new ApiKeyRecord(keyId, name, Sha256.hex(keyId), Set.of(Scope.values()), now, expiry, true));
        }
        userlink.components().appCredentials().save(app.appId(),
                new AppCredentials(current.version(), current.appSecrets(), keys));

        // when
        String last = userlink.administration().createApiKey(app.appId(), name, Set.of(Scope.values()), expiry);

        // then
        assertEquals(AppCredentials.MAX_API_KEYS, userlink.administration().apiKeys(app.appId()).size());
        assertEquals(app.appId(), authenticator.apiKey(bearer(last), Scope.USER_DELETE).app().appId());
    }

    @Test
    void apiKeyWhenScopeMissingThen403() {
        // given: checklist 13
        String readOnly = userlink.administration().createApiKey(app.appId(), "reader", Set.of(Scope.USER_READ), null);

        // when
        UserlinkException refused = assertThrows(UserlinkException.class,
                () -> authenticator.apiKey(bearer(readOnly), Scope.USER_DELETE));

        // then
        assertEquals(ErrorCode.INSUFFICIENT_SCOPE, refused.code());
        assertEquals(403, refused.code().status());
    }

    @Test
    void apiKeyWhenRevokedThroughTheCliThenRefusedOnTheNextRequestOfAWarmContainer() {
        // given: the key works and its app's credentials are cached
        String key = userlink.administration().createApiKey(app.appId(), "soon revoked", Set.of(Scope.USER_LINK), null);
        authenticator.apiKey(bearer(key), Scope.USER_LINK);

        // when
        userlink.administration().revokeApiKey(app.appId(), keyId(key));

        // then: the app item's credentials version invalidates the cached secret at once
        assertThrows(AuthenticationException.class, () -> authenticator.apiKey(bearer(key), Scope.USER_LINK));
    }

    @Test
    void apiKeyWhenUsedManyTimesThenSecretsManagerAskedOncePerCachePeriodPerApp() throws Exception {
        // given: checklist 15, a burst of valid and made-up keys from 16 threads
        TestApp other = userlink.createApp();
        userlink.secretsManagerCalls().reset();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(app.apiKey());
            keys.add(other.apiKey());
            keys.add(SecretToken.generate(SecretToken.API_KEY_PREFIX, app.appId() + ".madeupkeyid" + i, new SecureRandom()).value());
            keys.add(SecretToken.generate(SecretToken.API_KEY_PREFIX, "app-madeup" + "abcdefghij".charAt(i % 10) + "aaaaa.key" + i,
                    new SecureRandom()).value());
        }

        // when
        concurrently(keys, key -> authenticator.apiKey(bearer(key), Scope.USER_LINK));

        // then
        assertEquals(2, userlink.secretsManagerCalls().count("GetSecretValue"), "one load per real app");

        // and when the cache period passes, one more load per app
        userlink.clock().advance(TestUserlink.CREDENTIALS_CACHE.plusSeconds(1));
        concurrently(keys, key -> authenticator.apiKey(bearer(key), Scope.USER_LINK));
        assertEquals(4, userlink.secretsManagerCalls().count("GetSecretValue"));
    }

    @Test
    void apiKeyWhenOfAppAThenNeverAuthenticatesForAppB() {
        // given: checklist 13, the caller is the key's app whatever else is presented
        TestApp other = userlink.createApp();

        // when
        ApiKeyCaller caller = authenticator.apiKey(bearer(other.apiKey()), Scope.USER_READ);

        // then
        assertEquals(other.appId(), caller.app().appId());
    }

    @Test
    void appSecretWhenRotatedThenOldAndNewBothWorkAndTheOneBeforeStops() {
        // given
        String second = userlink.administration().rotateAppSecret(app.appId());
        assertEquals(app.appId(), authenticator.appSecret(basic(app.appId(), app.appSecret())).appId());
        assertEquals(app.appId(), authenticator.appSecret(basic(app.appId(), second)).appId());

        // when
        String third = userlink.administration().rotateAppSecret(app.appId());

        // then
        assertEquals(app.appId(), authenticator.appSecret(basic(app.appId(), third)).appId());
        assertEquals(app.appId(), authenticator.appSecret(basic(app.appId(), second)).appId());
        assertThrows(AuthenticationException.class, () -> authenticator.appSecret(basic(app.appId(), app.appSecret())));
    }

    private interface Call {
        void run(String key);
    }

    private static void concurrently(List<String> keys, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String key : keys) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        call.run(key);
                    } catch (AuthenticationException expectedForMadeUpKeys) {
                        // counted by what reached Secrets Manager, not by outcome
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Optional<String> bearer(String token) {
        return Optional.of("Bearer " + token);
    }

    private static Optional<String> basic(String user, String password) {
        return Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));
    }

    private static String keyId(String apiKey) {
        String id = SecretToken.parse(SecretToken.API_KEY_PREFIX, apiKey).orElseThrow().id();
        return id.substring(id.lastIndexOf('.') + 1);
    }
}
