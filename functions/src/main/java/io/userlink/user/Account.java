package io.userlink.user;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The account of a user who registered with an email address and a password: one per user at most, and a
 * user with an account has no external id.
 *
 * @param passwordHash the self-describing PBKDF2 hash; never printed
 * @param attributes the app's own fields: names to strings, numbers, booleans or nulls
 * @param agreements what the person agreed to (terms, newsletters): names to booleans
 * @param version grows with every change; writes are conditioned on it, and it is the account's ETag
 */
public record Account(String userId, String appId, EmailAddress email, String passwordHash, boolean emailConfirmed,
                      Map<String, Object> attributes, Map<String, Boolean> agreements, Instant createdAt,
                      Instant updatedAt, long version) {

    public Account {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(email);
        Objects.requireNonNull(passwordHash);
        // Insertion order is kept (a client sees its fields as it sent them); nulls are values, so no Map.copyOf.
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        agreements = Collections.unmodifiableMap(new LinkedHashMap<>(agreements));
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(updatedAt);
    }

    /** A new account, not yet stored. */
    public static Account registered(String userId, String appId, EmailAddress email, String passwordHash,
                                     Map<String, Object> attributes, Map<String, Boolean> agreements, Instant now) {
        return new Account(userId, appId, email, passwordHash, false, attributes, agreements, now, now, 1);
    }

    /** The same account with another password hash, one version on. */
    public Account withPasswordHash(String hash, Instant now) {
        return new Account(userId, appId, email, hash, emailConfirmed, attributes, agreements, createdAt, now, version + 1);
    }

    /** The same account with these attributes and agreements, one version on. */
    public Account withProfile(Map<String, Object> newAttributes, Map<String, Boolean> newAgreements, Instant now) {
        return new Account(userId, appId, email, passwordHash, emailConfirmed, newAttributes, newAgreements, createdAt,
                now, version + 1);
    }

    @Override
    public String toString() {
        return "Account[userId=" + userId + ", appId=" + appId + ", version=" + version + "]";
    }
}
