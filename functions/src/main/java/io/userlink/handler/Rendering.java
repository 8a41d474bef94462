package io.userlink.handler;

import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.refresh.TokenPair;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** JSON shapes several routes share. */
final class Rendering {

    private Rendering() {}

    /** Adds {@code access_token}, {@code refresh_token}, {@code token_type}, {@code expires_in}. */
    static void tokenPair(Map<String, Object> body, TokenPair tokens) {
        body.put("access_token", tokens.accessToken().value());
        body.put("refresh_token", tokens.refreshToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.accessToken().expiresIn().toSeconds());
    }

    /** Whether an install is its user's active one, and if not, why, as the API writes it. */
    static void activity(Map<String, Object> body, Install install) {
        body.put("active", install.state() == InstallState.ACTIVE);
        body.put("inactive_reason", install.inactiveReason().map(Enum::name).orElse(null));
    }

    static String timestamp(Instant instant) {
        return instant.toString();
    }

    static String timestamp(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
