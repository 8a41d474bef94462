package io.userlink.mail;

import java.time.Instant;
import java.util.Objects;

/**
 * A mailed token as stored: who it is for, what it proves, until when, and the hash of its secret. The token
 * itself is stored nowhere (see {@link MailTokens}).
 *
 * @param tokenId the public part of the token, which names this record
 * @param secretHash SHA-256 of the token's secret, compared in constant time when the token comes back
 */
public record MailToken(String tokenId, String appId, String userId, MailTokenPurpose purpose, String secretHash,
                        Instant expiresAt) {

    public MailToken {
        Objects.requireNonNull(tokenId);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(purpose);
        Objects.requireNonNull(secretHash);
        Objects.requireNonNull(expiresAt);
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
