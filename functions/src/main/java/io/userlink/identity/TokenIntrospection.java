package io.userlink.identity;

import io.userlink.app.App;
import io.userlink.error.UserlinkException;
import io.userlink.token.AccessToken;
import io.userlink.token.AccessTokenVerifier;
import java.util.Objects;
import java.util.Optional;

/**
 * Token introspection for customer backends (RFC 7662): whether an access token is active, which is more than
 * its signature says: its session must go on ({@link InstallAccess}), so a backend that asks honours a
 * sign-out, a reset or a deletion before the token expires.
 */
public final class TokenIntrospection {

    private final AccessTokenVerifier verifier;
    private final InstallAccess access;

    public TokenIntrospection(AccessTokenVerifier verifier, InstallAccess access) {
        this.verifier = Objects.requireNonNull(verifier);
        this.access = Objects.requireNonNull(access);
    }

    /**
     * The claims of {@code token} when it is an active access token of {@code app}; empty for anything else
     * (RFC 7662 §2.2: an inactive token's answer says nothing more).
     */
    public Optional<AccessToken> introspect(App app, String token) {
        try {
            AccessToken verified = verifier.verify(token);
            if (!verified.appId().equals(app.appId())) {
                return Optional.empty();
            }
            InstallAccess.requireNotFinal(access.ownInstall(verified, verified.installId()));
            return Optional.of(verified);
        } catch (UserlinkException e) {
            return Optional.empty();
        }
    }
}
