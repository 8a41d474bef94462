package io.userlink.refresh;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A refresh token family: every token descended from one login of one install, kept as one item. Only the
 * hashes of the current and the immediately previous token are stored.
 *
 * @param familyId embedded in every token of the family
 * @param userId the user the install was bound to when this family began; empty while anonymous
 * @param generation how many rotations the family has seen (0 at login)
 * @param currentHash SHA-256 hex of the token that is valid now
 * @param previousHash SHA-256 hex of the token it replaced, accepted for a grace window after rotation
 * @param absoluteExpiry when the family dies however it is used
 */
public record RefreshFamily(String familyId, String appId, String installId, Optional<String> userId,
                            long generation, String currentHash, Optional<String> previousHash,
                            Instant createdAt, Instant rotatedAt, Instant lastUsed, Instant absoluteExpiry,
                            boolean revoked) {
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
    }
}
