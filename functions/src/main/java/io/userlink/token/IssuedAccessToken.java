package io.userlink.token;

import java.time.Duration;
import java.util.Objects;

/**
 * A freshly signed access token.
 *
 * @param value the compact JWS, handed to the client once
 * @param expiresIn its lifetime ({@code expires_in})
 */
public record IssuedAccessToken(String value, Duration expiresIn) {
    public IssuedAccessToken {
        Objects.requireNonNull(value);
        Objects.requireNonNull(expiresIn);
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "IssuedAccessToken[expiresIn=" + expiresIn + "]";
    }
}
