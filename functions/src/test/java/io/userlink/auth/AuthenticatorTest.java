package io.userlink.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.app.App;
import io.userlink.app.AppAdministration;
import io.userlink.app.AppSettings;
import io.userlink.app.Scope;
import io.userlink.credential.SecretToken;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.install.DeviceClass;
import io.userlink.support.MemoryUserlink;
import io.userlink.support.Tampered;
import io.userlink.token.AccessToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one component that authenticates callers (README, "Credentials and keys"), over the in-memory stores. */
class AuthenticatorTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final Authenticator authenticator = userlink.components().authenticator();
    private final AppAdministration administration = userlink.administration();
    private final AppAdministration.CreatedApp created = administration.createApp("app", AppSettings.defaults());
    private final App app = created.app();
    private final String apiKey = administration.createApiKey(app.appId(), "backend", Set.of(Scope.USER_LINK), null);

    @Test
    void apiKeyWhenValidThenItsAppKeyAndScopes() {
        ApiKeyCaller caller = authenticator.apiKey(bearer(apiKey), Scope.USER_LINK);

        assertEquals(app.appId(), caller.app().appId());
        assertEquals(Set.of(Scope.USER_LINK), caller.scopes());
        assertEquals(keyId(apiKey), caller.keyId());
    }

    @Test
    void apiKeyWhenSchemeInAnyCaseAndPaddedThenAccepted() {
        assertEquals(app.appId(), authenticator.apiKey(Optional.of("  bEaReR   " + apiKey + "  "), Scope.USER_LINK).app().appId());
    }

    /** Right prefix, known key id, valid checksum: only the random part is wrong, and only the hash can tell. */
    @Test
    void apiKeyWhenWellFormedWithAWrongSecretThenRefused() {
        String wrongSecret = SecretToken.generate(SecretToken.API_KEY_PREFIX,
                SecretToken.parse(SecretToken.API_KEY_PREFIX, apiKey).orElseThrow().id(), userlink.ids().random()).value();

        assertRefused(() -> authenticator.apiKey(bearer(wrongSecret), Scope.USER_LINK));
    }

    @Test
    void apiKeyWhenMissingMalformedOrNamingNoAppThenRefused() {
        assertRefused(() -> authenticator.apiKey(Optional.empty(), Scope.USER_LINK));
        assertRefused(() -> authenticator.apiKey(Optional.of(apiKey), Scope.USER_LINK));
        assertRefused(() -> authenticator.apiKey(Optional.of("Basic " + apiKey), Scope.USER_LINK));
        assertRefused(() -> authenticator.apiKey(Optional.of("Bearer "), Scope.USER_LINK));
        assertRefused(() -> authenticator.apiKey(bearer(Tampered.lastCharacter(apiKey)), Scope.USER_LINK));
        String noApp = SecretToken.generate(SecretToken.API_KEY_PREFIX, "nodotinthisid", userlink.ids().random()).value();
        assertRefused(() -> authenticator.apiKey(bearer(noApp), Scope.USER_LINK));
        String unknownApp = SecretToken.generate(SecretToken.API_KEY_PREFIX, "app-nosuchappnosuchap.key1",
                userlink.ids().random()).value();
        assertRefused(() -> authenticator.apiKey(bearer(unknownApp), Scope.USER_LINK));
    }

    @Test
    void apiKeyWhenRevokedThenRefusedOnTheNextRequest() {
        administration.revokeApiKey(app.appId(), keyId(apiKey));

        assertRefused(() -> authenticator.apiKey(bearer(apiKey), Scope.USER_LINK));
    }

    @Test
    void apiKeyWhenExpiredThenRefusedButNotASecondBefore() {
        String expiring = administration.createApiKey(app.appId(), "expiring", Set.of(Scope.USER_READ),
                userlink.clock().instant().plus(Duration.ofHours(1)));
        userlink.clock().advance(Duration.ofHours(1).minusSeconds(1));
        assertEquals(app.appId(), authenticator.apiKey(bearer(expiring), Scope.USER_READ).app().appId());

        userlink.clock().advance(Duration.ofSeconds(1));

        assertRefused(() -> authenticator.apiKey(bearer(expiring), Scope.USER_READ));
    }

    @Test
    void apiKeyWhenScopeMissingThenForbiddenNotUnauthenticated() {
        UserlinkException refused = assertThrows(UserlinkException.class,
                () -> authenticator.apiKey(bearer(apiKey), Scope.USER_DELETE));

        assertEquals(ErrorCode.INSUFFICIENT_SCOPE, refused.code());
        assertEquals("authz_fail app=" + app.appId() + " api_key=" + keyId(apiKey) + " reason=missing-scope scope=user.delete",
                userlink.securityEvents().getLast().line(), "the security log names the key, never its secret");
    }

    @Test
    void apiKeyWhenOfAnotherAppsKeyIdThenRefused() {
        App other = userlink.app();
        String othersId = other.appId() + "." + keyId(apiKey);
        String transplanted = new SecretToken(SecretToken.API_KEY_PREFIX, othersId,
                SecretToken.parse(SecretToken.API_KEY_PREFIX, apiKey).orElseThrow().secret()).value();

        assertRefused(() -> authenticator.apiKey(bearer(transplanted), Scope.USER_LINK));
    }

    @Test
    void appSecretWhenCurrentThenItsApp() {
        assertEquals(app.appId(), authenticator.appSecret(basic(app.appId(), created.appSecret())).appId());
    }

    /** Right prefix, known secret id, valid checksum: only the random part is wrong. */
    @Test
    void appSecretWhenWellFormedWithAWrongSecretThenRefused() {
        String wrongSecret = SecretToken.generate(SecretToken.APP_SECRET_PREFIX,
                SecretToken.parse(SecretToken.APP_SECRET_PREFIX, created.appSecret()).orElseThrow().id(),
                userlink.ids().random()).value();

        assertRefused(() -> authenticator.appSecret(basic(app.appId(), wrongSecret)));
    }

    @Test
    void appSecretWhenOfAnotherAppOrMalformedThenRefused() {
        App other = userlink.app();

        assertRefused(() -> authenticator.appSecret(basic(other.appId(), created.appSecret())));
        assertRefused(() -> authenticator.appSecret(basic("app-nosuchappnosuchap", created.appSecret())));
        assertRefused(() -> authenticator.appSecret(basic(app.appId(), "uls_short")));
        assertRefused(() -> authenticator.appSecret(basic("", created.appSecret())));
        assertRefused(() -> authenticator.appSecret(Optional.of("Basic " + base64(app.appId()))));
        assertRefused(() -> authenticator.appSecret(Optional.of("Basic %%%not-base64")));
        assertRefused(() -> authenticator.appSecret(Optional.of("Bearer " + base64(app.appId() + ":" + created.appSecret()))));
    }

    @Test
    void appSecretWhenRotatedTwiceThenTheTwoNewestWorkAndTheFirstStops() {
        String second = administration.rotateAppSecret(app.appId());
        String third = administration.rotateAppSecret(app.appId());

        assertRefused(() -> authenticator.appSecret(basic(app.appId(), created.appSecret())));
        assertEquals(app.appId(), authenticator.appSecret(basic(app.appId(), second)).appId());
        assertEquals(app.appId(), authenticator.appSecret(basic(app.appId(), third)).appId());
    }

    @Test
    void sdkWhenTokenOfARegisteredAppThenTheAppAndItsClaims() {
        String token = userlink.register(app, DeviceClass.PHONE).tokens().accessToken().value();

        SdkCaller caller = authenticator.sdk(bearer(token));

        assertEquals(app.appId(), caller.app().appId());
        AccessToken claims = caller.token();
        assertEquals(app.appId(), claims.appId());
    }

    @Test
    void accessTokenWhenMissingThenRefused() {
        assertRefused(() -> authenticator.accessToken(Optional.empty()));
        assertRefused(() -> authenticator.sdk(Optional.of("Basic abc")));
    }

    private String keyId(String key) {
        String id = SecretToken.parse(SecretToken.API_KEY_PREFIX, key).orElseThrow().id();
        return id.substring(id.lastIndexOf('.') + 1);
    }

    private static Optional<String> bearer(String credential) {
        return Optional.of("Bearer " + credential);
    }

    private static Optional<String> basic(String appId, String secret) {
        return Optional.of("Basic " + base64(appId + ":" + secret));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(Runnable call) {
        assertThrows(AuthenticationException.class, call::run);
    }
}
