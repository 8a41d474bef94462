package io.userlink.install;

import io.userlink.refresh.RefreshFamily;
import java.util.Optional;

/** Where installs live. */
public interface InstallStore {

    /**
     * Creates an install together with its first refresh family, atomically: either both exist afterwards
     * or neither does.
     *
     * @throws IllegalStateException when either id is taken (a generator fault, never a caller's)
     */
    void create(Install install, RefreshFamily family);

    /** The install with this id, whatever app it belongs to: callers check the app. */
    Optional<Install> find(String installId);
}
