package io.userlink.refresh;

import io.userlink.token.IssuedAccessToken;
import java.util.Objects;

/** An access token and the refresh token of its family, as a login hands them to the SDK once. */
public record TokenPair(IssuedAccessToken accessToken, String refreshToken) {
    public TokenPair {
        Objects.requireNonNull(accessToken);
        Objects.requireNonNull(refreshToken);
    }

    /** Keeps the tokens out of logs. */
    @Override
    public String toString() {
        return "TokenPair[expiresIn=" + accessToken.expiresIn() + "]";
    }
}
