package io.userlink.user;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The account of a user who registered with an email address and a password: one per user at most, and a
 * user with an account has no external id.
 *
 * @param passwordHash the self-describing PBKDF2 hash; never printed
 * @param activationPending registered under activation and not yet activated: signing in is refused
 * @param attributes the app's own fields: names to strings, numbers, booleans or nulls
 * @param agreements what the person agreed to (terms, newsletters): names to booleans
 * @param verificationTokenId the one confirmation or activation token that may still be used, if any
 * @param resetTokenId the one password-reset token that may still be used, if any
 * @param undoTokenId the link back to the address the account had before its first move of the last seven days,
 *     mailed there, while it may still be used; a later move keeps it (README, "Changing the address")
 * @param version grows with every change; writes are conditioned on it, and it is the account's ETag
 */
public record Account(String userId, String appId, EmailAddress email, String passwordHash, boolean emailConfirmed,
                      boolean activationPending, Map<String, Object> attributes, Map<String, Boolean> agreements,
                      Optional<String> verificationTokenId, Optional<String> resetTokenId,
                      Optional<String> undoTokenId, Instant createdAt, Instant updatedAt, long version) {

    public Account {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(email);
        Objects.requireNonNull(passwordHash);
        // Insertion order is kept (a client sees its fields as it sent them); nulls are values, so no Map.copyOf.
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        agreements = Collections.unmodifiableMap(new LinkedHashMap<>(agreements));
        Objects.requireNonNull(verificationTokenId);
        Objects.requireNonNull(resetTokenId);
        Objects.requireNonNull(undoTokenId);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(updatedAt);
    }

    /**
     * A new account, not yet stored.
     *
     * @param verificationTokenId the token its registration mails, if the app's mode mails one
     * @param activationPending whether it stays unusable until that token is used
     */
    public static Account registered(String userId, String appId, EmailAddress email, String passwordHash,
                                     Map<String, Object> attributes, Map<String, Boolean> agreements,
                                     Optional<String> verificationTokenId, boolean activationPending, Instant now) {
        return new Account(userId, appId, email, passwordHash, false, activationPending, attributes, agreements,
                verificationTokenId, Optional.empty(), Optional.empty(), now, now, 1);
    }

    /** The same account with another password hash, one version on. */
    public Account withPasswordHash(String hash, Instant now) {
        return new Account(userId, appId, email, hash, emailConfirmed, activationPending, attributes, agreements,
                verificationTokenId, resetTokenId, undoTokenId, createdAt, now, version + 1);
    }

    /** The same account with these attributes and agreements, one version on. */
    public Account withProfile(Map<String, Object> newAttributes, Map<String, Boolean> newAgreements, Instant now) {
        return new Account(userId, appId, email, passwordHash, emailConfirmed, activationPending, newAttributes,
                newAgreements, verificationTokenId, resetTokenId, undoTokenId, createdAt, now, version + 1);
    }

    /** The same account whose confirmation or activation token is now {@code tokenId} (the older one dies). */
    public Account withVerificationToken(String tokenId, Instant now) {
        return new Account(userId, appId, email, passwordHash, emailConfirmed, activationPending, attributes, agreements,
                Optional.of(tokenId), resetTokenId, undoTokenId, createdAt, now, version + 1);
    }

    /** The same account whose password-reset token is now {@code tokenId} (the older one dies). */
    public Account withResetToken(String tokenId, Instant now) {
        return new Account(userId, appId, email, passwordHash, emailConfirmed, activationPending, attributes, agreements,
                verificationTokenId, Optional.of(tokenId), undoTokenId, createdAt, now, version + 1);
    }

    /** The address proven by a mailed link: confirmed, activated, its verification token used. */
    public Account verified(Instant now) {
        return new Account(userId, appId, email, passwordHash, true, false, attributes, agreements, Optional.empty(),
                resetTokenId, undoTokenId, createdAt, now, version + 1);
    }

    /**
     * The account at {@code newAddress}, proven by the link mailed there or moved by an operator: confirmed, its
     * verification token used, and any reset link mailed to the old address dead.
     *
     * @param undoTokenId the link back the account names afterwards: a new one mailed to the address it leaves, the one
     *     it named before (still alive), or none
     */
    public Account movedTo(EmailAddress newAddress, Optional<String> undoTokenId, Instant now) {
        return new Account(userId, appId, newAddress, passwordHash, true, false, attributes, agreements, Optional.empty(),
                Optional.empty(), undoTokenId, createdAt, now, version + 1);
    }

    /**
     * A new password set with a mailed reset link, which also proves the address: the reset token used, the
     * address confirmed and the account activated. A link back stays: whoever moved the account may reset its password
     * at the new address.
     */
    public Account reset(String hash, Instant now) {
        return new Account(userId, appId, email, hash, true, false, attributes, agreements, Optional.empty(),
                Optional.empty(), undoTokenId, createdAt, now, version + 1);
    }

    /**
     * The account back at {@code address} with a new password, chosen with the link back mailed there after a move:
     * confirmed, activated, and every mailed token dead.
     */
    public Account movedBack(EmailAddress address, String hash, Instant now) {
        return new Account(userId, appId, address, hash, true, false, attributes, agreements, Optional.empty(),
                Optional.empty(), Optional.empty(), createdAt, now, version + 1);
    }

    @Override
    public String toString() {
        return "Account[userId=" + userId + ", appId=" + appId + ", version=" + version + "]";
    }
}
