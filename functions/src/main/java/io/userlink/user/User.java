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
 * @param activeFamilyId its refresh family, so replacing it needs no read of the install
 * @param deletedAt when the user was deleted; present only on a tombstone
 */
public record User(String userId, String appId, Optional<String> externalId, Instant createdAt,
                   Optional<String> activeInstallId, Optional<DeviceClass> activeDeviceClass,
                   Optional<String> activeFamilyId, Optional<Instant> deletedAt, long version) {
    public User {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(externalId);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(activeInstallId);
        Objects.requireNonNull(activeDeviceClass);
        Objects.requireNonNull(activeFamilyId);
        Objects.requireNonNull(deletedAt);
    }

    /** A new user, not yet stored (version 0 means "must not exist"). */
    public static User created(String userId, String appId, String externalId, Instant now) {
        return new User(userId, appId, Optional.of(externalId), now, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 0);
    }

    public boolean isDeleted() {
        return deletedAt.isPresent();
    }

    /** The same user with this install (its device class and refresh family) active, one version on. */
    public User withActive(String installId, DeviceClass deviceClass, String familyId) {
        return new User(userId, appId, externalId, createdAt, Optional.of(installId), Optional.of(deviceClass),
                Optional.of(familyId), deletedAt, version + 1);
    }

    /** The same user with no active install, one version on. */
    public User withoutActive() {
        return new User(userId, appId, externalId, createdAt, Optional.empty(), Optional.empty(), Optional.empty(),
                deletedAt, version + 1);
    }

    /** The same user, one version on: a change to its installs that leaves the active one as it is. */
    public User touched() {
        return new User(userId, appId, externalId, createdAt, activeInstallId, activeDeviceClass, activeFamilyId,
                deletedAt, version + 1);
    }

    /** The tombstone: no external id, no active install. */
    public User deleted(Instant now) {
        return new User(userId, appId, Optional.empty(), createdAt, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(now), version + 1);
    }
}
