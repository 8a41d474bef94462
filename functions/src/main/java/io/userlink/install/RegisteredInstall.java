package io.userlink.install;

import io.userlink.token.IssuedAccessToken;
import java.util.Objects;

/**
 * A registered install and its first token pair.
 *
 * @param refreshToken opaque, handed to the SDK once
 */
public record RegisteredInstall(Install install, IssuedAccessToken accessToken, String refreshToken) {
    public RegisteredInstall {
        Objects.requireNonNull(install);
        Objects.requireNonNull(accessToken);
        Objects.requireNonNull(refreshToken);
    }

    /** Keeps the tokens out of logs. */
    @Override
    public String toString() {
        return "RegisteredInstall[" + install.installId() + "]";
    }
}
