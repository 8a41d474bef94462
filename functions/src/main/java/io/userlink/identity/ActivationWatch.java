package io.userlink.identity;

import io.userlink.user.User;
import java.util.Optional;

/**
 * Remembers which install was active for a user when a request first looked, so a retry can tell that
 * another install was activated while the request ran. Such a request overlapped that activation and may be
 * ordered before it: its install is linked and at once replaced, without contending for the user's version
 * again. Fifty installs linking one user at once then cost fifty writes, not fifty squared.
 */
public final class ActivationWatch {

    private Optional<Optional<String>> firstSeen = Optional.empty();

    /** Whether the user's active install differs from what the first look saw. */
    public boolean activatedSinceFirstLook(Optional<User> user) {
        Optional<String> active = user.flatMap(User::activeInstallId);
        if (firstSeen.isEmpty()) {
            firstSeen = Optional.of(active);
            return false;
        }
        return active.isPresent() && !firstSeen.get().equals(active);
    }
}
