package io.userlink.app;

import java.util.List;
import java.util.Optional;

/** The app registry: one item per app. */
public interface AppStore {

    /** The app with this id, read with one cheap key lookup. */
    Optional<App> find(String appId);

    /** Every app, oldest first: for operators (one read per app). */
    List<App> list();

    /**
     * Registers a new app.
     *
     * @throws IllegalStateException when an app with that id exists
     */
    void create(App app);


    /**
     * Raises the app's credentials version from {@code expectedVersion} by one: the lock that serialises
     * credential updates, and the signal that makes warm containers reload the credentials.
     *
     * @return false when the version is no longer {@code expectedVersion} (a concurrent update won)
     */
    boolean advanceCredentialsVersion(String appId, long expectedVersion);

    /**
     * Writes {@code updated}'s settings and settings version, if the stored settings version is still the one
     * before it.
     *
     * @return false when another update came first
     */
    boolean replaceSettings(App updated);
}
