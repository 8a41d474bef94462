package io.userlink.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The verified claims of an access token.
 *
 * @param appId {@code aud} and {@code client_id}
 * @param subject {@code sub}: the user id, or the install id while anonymous
 * @param installId {@code install_id}
 * @param sessionId {@code sid}: the refresh family of the login the token was issued for
 * @param scope {@code scope}
 * @param expiresAt {@code exp}
 * @param tokenId {@code jti}
 */
public record AccessToken(String appId, String subject, String installId, String sessionId, TokenScope scope, Instant expiresAt,
                          String tokenId) {
    public AccessToken {
        Objects.requireNonNull(appId);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(installId);
        Objects.requireNonNull(sessionId);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(tokenId);
    }

    /** The user the token speaks for: its subject in a user token; none in an install token, whose user is no one yet. */
    public Optional<String> userId() {
        return scope == TokenScope.USER ? Optional.of(subject) : Optional.empty();
    }
}
