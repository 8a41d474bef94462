package io.userlink.app;

import java.time.Instant;
import java.util.Optional;

/** Where an app's credential hashes live (a Secrets Manager secret per app). */
public interface AppCredentialsStore {

    /** The credentials of an app; {@link AppCredentials#empty()} for an app that has none yet. */
    AppCredentials load(String appId);

    /** Writes an app's credentials as the new current version of its secret. */
    void save(String appId, AppCredentials credentials);

    /**
     * Until when the store takes no new version of an app's credentials, if it takes none at {@code now}: Secrets Manager
     * keeps every version of a secret from the last 24 hours, and at most 100.
     */
    Optional<Instant> fullUntil(String appId, Instant now);
}
