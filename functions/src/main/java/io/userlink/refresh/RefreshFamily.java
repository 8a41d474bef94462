package io.userlink.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A refresh token family: every token descended from one login of one install, kept as one item. Only the
 * hashes of the current and the immediately previous token are stored. The lifetimes are the app's settings
 * at login, so a refresh needs no other read.
 *
 * @param familyId embedded in every token of the family
 * @param userId the user whose tokens a refresh returns; empty while the install is anonymous
 * @param generation how many rotations the family has seen (0 at login)
 * @param currentHash SHA-256 hex of the token that is valid now
 * @param previousHash SHA-256 hex of the token it replaced, accepted for a grace window after rotation
 * @param rotatedAt when the current token was issued
 * @param lastUsed when a token of the family was last redeemed (idle lifetime counts from here)
 * @param absoluteExpiry when the family dies however it is used
 * @param idleLifetime how long the family survives unused
 * @param accessTokenLifetime the lifetime of the access tokens a refresh returns
 * @param revocation why the family was revoked, if it was
 */
public record RefreshFamily(String familyId, String appId, String installId, Optional<String> userId,
                            long generation, String currentHash, Optional<String> previousHash,
                            Instant createdAt, Instant rotatedAt, Instant lastUsed, Instant absoluteExpiry,
                            Duration idleLifetime, Duration accessTokenLifetime, Optional<RevocationReason> revocation) {
    public RefreshFamily {
        Objects.requireNonNull(familyId);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(installId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(currentHash);
        Objects.requireNonNull(previousHash);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(rotatedAt);
        Objects.requireNonNull(lastUsed);
        Objects.requireNonNull(absoluteExpiry);
        Objects.requireNonNull(idleLifetime);
        Objects.requireNonNull(accessTokenLifetime);
        Objects.requireNonNull(revocation);
    }

    /** When the family dies if it is not used again: the earlier of the idle and the absolute limit. */
    public Instant expiresAt() {
        Instant idle = lastUsed.plus(idleLifetime);
        return idle.isBefore(absoluteExpiry) ? idle : absoluteExpiry;
    }

    /** The family one rotation on: {@code nextHash} is current, the current one previous. */
    public RefreshFamily rotated(String nextHash, Instant now) {
        return new RefreshFamily(familyId, appId, installId, userId, generation + 1, nextHash, Optional.of(currentHash),
                createdAt, now, now, absoluteExpiry, idleLifetime, accessTokenLifetime, revocation);
    }
}
