package io.userlink.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of an authentication code's one redemption, kept on the code so a retry from the same install
 * gets its original result and a second redemption knows what to revoke.
 *
 * @param codeHash SHA-256 hex of the code
 * @param installId the install that redeemed it
 * @param userId the user it resolved to
 * @param created whether that user was created by the redemption
 * @param familyId the refresh family it issued; empty when the install stayed inactive
 */
public record CodeRedemption(String codeHash, String installId, String userId, boolean created,
                             Optional<String> familyId, Instant at) {
    public CodeRedemption {
        Objects.requireNonNull(codeHash);
        Objects.requireNonNull(installId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(familyId);
        Objects.requireNonNull(at);
    }
}
