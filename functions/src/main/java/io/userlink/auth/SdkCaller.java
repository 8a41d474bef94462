package io.userlink.auth;

import io.userlink.app.App;
import io.userlink.token.AccessToken;
import java.util.Objects;

/** An SDK authenticated by one of our access tokens, with the registered app the token was issued for. */
public record SdkCaller(App app, AccessToken token) {
    public SdkCaller {
        Objects.requireNonNull(app);
        Objects.requireNonNull(token);
    }
}
