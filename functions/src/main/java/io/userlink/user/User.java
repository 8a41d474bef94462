package io.userlink.user;

import io.userlink.install.DeviceClass;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user of an app: who it is (the customer's external id, or the email address of its account: one or the
 * other, never both), and which of its installs is active. The user item is the lock of the one-active-device
 * rule: every change to a user's installs is conditioned on {@code version}.
 *
 * @param externalId the customer's id for the user; empty for an account's user, and once deleted (a tombstone
 *     keeps neither)
 * @param email the address of the user's account, if it registered one
 * @param activeInstallId the one active install, if any
 * @param activeDeviceClass its device class
 * @param activeFamilyId its refresh family, so replacing it needs no read of the install
 * @param deletedAt when the user was deleted; present only on a tombstone
 */
public record User(String userId, String appId, Optional<String> externalId, Optional<EmailAddress> email,
                   Instant createdAt,
                   Optional<String> activeInstallId, Optional<DeviceClass> activeDeviceClass,
                   Optional<String> activeFamilyId, Optional<Instant> deletedAt, long version) {
    public User {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(externalId);
        Objects.requireNonNull(email);
        if (externalId.isPresent() && email.isPresent()) {
            throw new IllegalArgumentException("a user has an external id or an account, not both");
        }
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(activeInstallId);
        Objects.requireNonNull(activeDeviceClass);
        Objects.requireNonNull(activeFamilyId);
        Objects.requireNonNull(deletedAt);
    }

    /** A new user of an external id, not yet stored (version 0 means "must not exist"). */
    public static User created(String userId, String appId, String externalId, Instant now) {
        return new User(userId, appId, Optional.of(externalId), Optional.empty(), now,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    /** A new user of an account with {@code email}, not yet stored. */
    public static User registered(String userId, String appId, EmailAddress email, Instant now) {
        return new User(userId, appId, Optional.empty(), Optional.of(email), now, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 0);
    }

    public boolean isDeleted() {
        return deletedAt.isPresent();
    }

    /** The same user with this install (its device class and refresh family) active, one version on. */
    public User withActive(String installId, DeviceClass deviceClass, String familyId) {
        return new User(userId, appId, externalId, email, createdAt, Optional.of(installId), Optional.of(deviceClass),
                Optional.of(familyId), deletedAt, version + 1);
    }

    /** The same user with no active install, one version on. */
    public User withoutActive() {
        return new User(userId, appId, externalId, email, createdAt, Optional.empty(), Optional.empty(), Optional.empty(),
                deletedAt, version + 1);
    }

    /** The same user with its account at {@code newAddress}, one version on. */
    public User withEmail(EmailAddress newAddress) {
        return new User(userId, appId, externalId, Optional.of(newAddress), createdAt, activeInstallId, activeDeviceClass,
                activeFamilyId, deletedAt, version + 1);
    }

    /** The same user, one version on: a change to its installs that leaves the active one as it is. */
    public User touched() {
        return new User(userId, appId, externalId, email, createdAt, activeInstallId, activeDeviceClass, activeFamilyId,
                deletedAt, version + 1);
    }

    /** The tombstone: no external id, no account, no active install. */
    public User deleted(Instant now) {
        return new User(userId, appId, Optional.empty(), Optional.empty(), createdAt, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(now), version + 1);
    }
}
