package io.userlink.app;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer's app as its registry item records it. Every request reads this item, so a change to it takes effect
 * on the next request. It is also the update lock of the app's credentials and settings: each grows a version
 * with every change, and writes are conditioned on it.
 *
 * @param appId the public app id ({@code aud} and {@code client_id} of the app's tokens)
 * @param name a label for people
 * @param credentialsVersion the version of the app's credential secret this item vouches for: a warm container
 *     that sees it grow reloads the credentials
 * @param settingsVersion how many times the settings were changed
 * @param settings the per-app settings
 * @param createdAt when the app was created
 */
public record App(String appId, String name, long credentialsVersion, long settingsVersion, AppSettings settings,
                  Instant createdAt) {

    public App {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The same app with these settings, one settings version on. */
    public App withSettings(AppSettings changed) {
        return new App(appId, name, credentialsVersion, settingsVersion + 1, changed, createdAt);
    }

    /** The same app, one credentials version on. */
    public App withNextCredentialsVersion() {
        return new App(appId, name, credentialsVersion + 1, settingsVersion, settings, createdAt);
    }
}
