package io.userlink.app;

/** Where an app's credential hashes live (a Secrets Manager secret per app). */
public interface AppCredentialsStore {

    /** The credentials of an app; {@link AppCredentials#empty()} for an app that has none yet. */
    AppCredentials load(String appId);

    /** Writes an app's credentials as the new current version of its secret. */
    void save(String appId, AppCredentials credentials);
}
