package io.userlink.identity;

import io.userlink.install.Install;
import java.util.Objects;
import java.util.Optional;

/**
 * An install as its SDK sees it.
 *
 * @param linkedUserId the user holding the install; empty while anonymous and once its user was deleted
 */
public record InstallStatus(Install install, Optional<String> linkedUserId) {
    public InstallStatus {
        Objects.requireNonNull(install);
        Objects.requireNonNull(linkedUserId);
    }
}
