package io.userlink.auth;

import io.userlink.app.App;
import io.userlink.app.AppCredentials;
import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.AppStore;
import io.userlink.app.Scope;
import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvents;
import io.userlink.credential.SecretToken;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.token.AccessToken;
import io.userlink.token.AccessTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The one component that authenticates callers, for every handler: API keys and app secrets against the
 * app's credential record, access tokens against our key ring. A credential's format is checked before any
 * I/O; an app id that names no app costs one DynamoDB read and never a Secrets Manager call. Every
 * credential failure is the same {@link AuthenticationException}.
 */
public final class Authenticator {

    private final AppStore apps;
    private final AppCredentialsCache credentials;
    private final AccessTokenVerifier tokens;
    private final SecurityEvents events;
    private final InstantSource clock;

    public Authenticator(AppStore apps, AppCredentialsCache credentials, AccessTokenVerifier tokens,
                         SecurityEvents events, InstantSource clock) {
        this.apps = Objects.requireNonNull(apps);
        this.credentials = Objects.requireNonNull(credentials);
        this.tokens = Objects.requireNonNull(tokens);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Authenticates a customer backend by {@code Authorization: Bearer ulk_…} and checks its scope.
     *
     * @throws AuthenticationException for a missing, malformed, unknown, revoked or expired key
     * @throws UserlinkException {@link ErrorCode#INSUFFICIENT_SCOPE} for a valid key without {@code required}
     */
    public ApiKeyCaller apiKey(Optional<String> authorization, Scope required) {
        SecretToken key = credential(authorization, "Bearer")
                .flatMap(value -> SecretToken.parse(SecretToken.API_KEY_PREFIX, value))
                .orElseThrow(() -> new AuthenticationException("API key missing or malformed"));
        int dot = key.id().lastIndexOf('.');
        if (dot <= 0) {
            throw new AuthenticationException("API key names no app");
        }
        App app = knownApp(key.id().substring(0, dot));
        ApiKeyRecord record = credentials.of(app).apiKey(key.id().substring(dot + 1))
                .filter(candidate -> sameHash(candidate.hash(), key.secretHash()))
                .filter(candidate -> candidate.usableAt(clock.instant()))
                .orElseThrow(() -> new AuthenticationException("API key unknown, revoked or expired"));
        if (!record.scopes().contains(required)) {
            events.record(SecurityEvent.apiKeyLacksScope(app.appId(), record.keyId(), required.value()));
            throw new UserlinkException(ErrorCode.INSUFFICIENT_SCOPE,
                    "This API key lacks the scope " + required.value() + " that this route needs.");
        }
        return new ApiKeyCaller(app, record.keyId(), record.scopes());
    }

    /**
     * Authenticates the SDK by its app id and app secret ({@code Authorization: Basic}, RFC 7617).
     *
     * @return the app
     * @throws AuthenticationException for anything but a current secret of a registered app
     */
    public App appSecret(Optional<String> authorization) {
        String decoded = credential(authorization, "Basic")
                .flatMap(Authenticator::decodeBase64)
                .orElseThrow(() -> new AuthenticationException("Basic credentials missing or undecodable"));
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new AuthenticationException("Basic credentials lack app id or secret");
        }
        SecretToken secret = SecretToken.parse(SecretToken.APP_SECRET_PREFIX, decoded.substring(colon + 1))
                .orElseThrow(() -> new AuthenticationException("app secret malformed"));
        App app = knownApp(decoded.substring(0, colon));
        AppCredentials appCredentials = credentials.of(app);
        appCredentials.appSecret(secret.id())
                .filter(record -> sameHash(record.hash(), secret.secretHash()))
                .orElseThrow(() -> new AuthenticationException("app secret unknown or wrong"));
        return app;
    }

    /**
     * Authenticates an SDK by one of our access tokens ({@code Authorization: Bearer <JWT>}).
     *
     * @throws AuthenticationException for anything but a valid, unexpired token of ours
     */
    public AccessToken accessToken(Optional<String> authorization) {
        return tokens.verify(credential(authorization, "Bearer")
                .orElseThrow(() -> new AuthenticationException("access token missing")));
    }

    /**
     * Authenticates an SDK by one of our access tokens, and resolves the app it was issued for.
     *
     * @throws AuthenticationException for an invalid token, or one whose audience is no registered app
     */
    public SdkCaller sdk(Optional<String> authorization) {
        AccessToken token = accessToken(authorization);
        return new SdkCaller(knownApp(token.appId()), token);
    }

    private App knownApp(String appId) {
        return apps.find(appId).orElseThrow(() -> new AuthenticationException("app unknown"));
    }

    /** The credentials of an {@code Authorization} header with this scheme (compared case-insensitively). */
    private static Optional<String> credential(Optional<String> authorization, String scheme) {
        return authorization
                .map(String::strip)
                .filter(value -> value.length() > scheme.length() + 1
                        && value.substring(0, scheme.length() + 1).toLowerCase(Locale.ROOT)
                                .equals(scheme.toLowerCase(Locale.ROOT) + " "))
                .map(value -> value.substring(scheme.length() + 1).strip());
    }

    private static Optional<String> decodeBase64(String value) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Constant-time comparison, so response timing reveals nothing of a stored hash. */
    private static boolean sameHash(String stored, String presented) {
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
