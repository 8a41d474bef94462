package io.userlink.refresh;

import io.userlink.app.App;
import io.userlink.token.AccessTokenIssuer;
import io.userlink.token.TokenScope;
import java.util.Objects;
import java.util.Optional;

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
     * The pair of a login of {@code installId}: user tokens when {@code userId} is present, install tokens of an
     * anonymous install otherwise.
     */
    public TokenPair issue(App app, String installId, Optional<String> userId, String familyId) {
        return new TokenPair(accessTokens.issue(app.appId(), userId.orElse(installId), installId, familyId, TokenScope.of(userId),
                app.settings().accessTokenLifetime()), refreshTokens.token(familyId, 0));
    }
}
