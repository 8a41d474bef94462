package io.userlink.app;

import java.util.Optional;

/** The app registry: one item per app. */
public interface AppStore {

    /** The app with this id, read with one cheap key lookup. */
    Optional<App> find(String appId);

    /**
     * Registers a new app.
     *
     * @throws IllegalStateException when an app with that id exists
     */
    void create(App app);

}
