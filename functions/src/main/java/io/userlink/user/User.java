package io.userlink.user;

import io.userlink.install.DeviceClass;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user of an app: the customer's external id, and which of its installs is active. The user item is
 * the lock of the one-active-device rule: every change to a user's installs is conditioned on
 * {@code version}.
 *
 * @param externalId the customer's id for the user; empty once deleted (a tombstone keeps no external id)
 * @param activeInstallId the one active install, if any
 * @param activeDeviceClass its device class
 * @param deletedAt when the user was deleted; present only on a tombstone
 */
public record User(String userId, String appId, Optional<String> externalId, Instant createdAt,
                   Optional<String> activeInstallId, Optional<DeviceClass> activeDeviceClass,
                   Optional<Instant> deletedAt, long version) {
    public User {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(externalId);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(activeInstallId);
        Objects.requireNonNull(activeDeviceClass);
        Objects.requireNonNull(deletedAt);
    }

    /** A new user, not yet stored (version 0 means "must not exist"). */
    public static User created(String userId, String appId, String externalId, Instant now) {
        return new User(userId, appId, Optional.of(externalId), now, Optional.empty(), Optional.empty(),
                Optional.empty(), 0);
    }

    public boolean isDeleted() {
        return deletedAt.isPresent();
    }

    /** The same user with this install active (or none), one version on. */
    public User withActive(Optional<String> installId, Optional<DeviceClass> deviceClass) {
        return new User(userId, appId, externalId, createdAt, installId, deviceClass, deletedAt, version + 1);
    }

    /** The tombstone: no external id, no active install. */
    public User deleted(Instant now) {
        return new User(userId, appId, Optional.empty(), createdAt, Optional.empty(), Optional.empty(),
                Optional.of(now), version + 1);
    }
}
