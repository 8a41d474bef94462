package io.userlink.refresh;

import io.userlink.app.App;
import io.userlink.token.AccessTokenIssuer;
import io.userlink.token.TokenScope;
import java.util.Objects;

/**
 * The token pair of a login: an access token, and the first refresh token of the login's family. The refresh
 * token is derived, not stored, so a retried login hands out the same one.
 */
public final class LoginTokens {

    private final AccessTokenIssuer accessTokens;
    private final RefreshTokens refreshTokens;

    public LoginTokens(AccessTokenIssuer accessTokens, RefreshTokens refreshTokens) {
        this.accessTokens = Objects.requireNonNull(accessTokens);
        this.refreshTokens = Objects.requireNonNull(refreshTokens);
    }

    /**
     * @param subject the user id, or the install id for an anonymous install
     */
    public TokenPair issue(App app, String subject, String installId, TokenScope scope, String familyId) {
        return new TokenPair(accessTokens.issue(app.appId(), subject, installId, scope, app.settings().accessTokenLifetime()),
                refreshTokens.token(familyId, 0));
    }
}
