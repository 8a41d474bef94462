package io.userlink.install;

import io.userlink.refresh.RefreshFamily;

/** Where installs live. */
public interface InstallStore {

    /**
     * Creates an install together with its first refresh family, atomically: either both exist afterwards
     * or neither does.
     *
     * @throws IllegalStateException when either id is taken (a generator fault, never a caller's)
     */
    void create(Install install, RefreshFamily family);
}
