package io.userlink.identity;

import io.userlink.user.User;
import java.util.Objects;

/**
 * What a {@link Transition} does to the user item. Every stored user carries the number of writes it has seen
 * ({@link User#version()}), and a write is conditioned on it: version 1 is written only where no user is
 * stored, version {@code v} only over version {@code v - 1}. The user item thus serialises every change to a
 * user's installs.
 */
public sealed interface UserWrite {

    /** The user as it is afterwards. */
    User user();

    /** A new user, whose external id is claimed for its app in the same transaction (it must be unclaimed). */
    record Create(User user) implements UserWrite {
        public Create {
            if (user.version() != 1) {
                throw new IllegalArgumentException("a created user is at version 1, not " + user.version());
            }
        }
    }

    /** The stored user replaced; it must still be at the version before this one. */
    record Replace(User user) implements UserWrite {
        public Replace {
            if (user.version() < 2) {
                throw new IllegalArgumentException("a replaced user is at version 2 or more, not " + user.version());
            }
        }
    }

    /**
     * The user item left as it is: it only has to exist, undeleted. Such a change (an install linked and at once
     * replaced) does not contend with others on the user's version.
     */
    record Check(User user) implements UserWrite {
        public Check {
            Objects.requireNonNull(user);
        }
    }
}
