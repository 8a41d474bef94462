package io.userlink.identity;

import io.userlink.install.Install;
import io.userlink.user.User;
import java.util.List;
import java.util.Objects;

/**
 * A user, or its tombstone, with the installs it holds: what ending its sessions and ending its installs at its
 * deletion read, without its account or its history.
 */
public record UserInstalls(User user, List<Install> installs) {
    public UserInstalls {
        Objects.requireNonNull(user);
        installs = List.copyOf(installs);
    }
}
