package io.userlink.mail;

import io.userlink.user.EmailAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A mailed token as stored: who it is for, what it proves, until when, and the hash of its secret. The token
 * itself is stored nowhere (see {@link MailTokens}).
 *
 * @param tokenId the public part of the token, which names this record
 * @param secretHash SHA-256 of the token's secret, compared in constant time when the token comes back
 * @param newAddress for a change of address or its undoing (and only then), the address the account moves to once the
 *     token is used
 */
public record MailToken(String tokenId, String appId, String userId, MailTokenPurpose purpose, String secretHash,
                        Instant expiresAt, Optional<EmailAddress> newAddress) {

    public MailToken {
        Objects.requireNonNull(tokenId);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(purpose);
        Objects.requireNonNull(secretHash);
        Objects.requireNonNull(expiresAt);
        if (newAddress.isPresent() != purpose.movesAccount()) {
            throw new IllegalArgumentException("a token names a new address if and only if it moves the account");
        }
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
