package io.userlink.auth;

import io.userlink.app.App;
import io.userlink.app.Scope;
import java.util.Objects;
import java.util.Set;

/**
 * A customer backend authenticated by an API key.
 *
 * @param app the app the key belongs to: the only app whose data this caller may touch
 * @param keyId the key's public id, for logs and audit
 * @param scopes what the key may do
 */
public record ApiKeyCaller(App app, String keyId, Set<Scope> scopes) {
    public ApiKeyCaller {
        Objects.requireNonNull(app);
        Objects.requireNonNull(keyId);
        scopes = Set.copyOf(scopes);
    }
}
