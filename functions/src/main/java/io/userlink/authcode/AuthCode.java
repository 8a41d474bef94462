package io.userlink.authcode;

import io.userlink.identity.CodeRedemption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An authentication code as stored: only its hash, the app it belongs to and the external id it names.
 * Which user it restores is decided when it is redeemed, not when it is issued.
 *
 * @param expiresAt when it stops working; also its DynamoDB TTL, which deletes lazily, so every read checks it
 * @param redemption its one redemption, once redeemed
 */
public record AuthCode(String codeHash, String appId, String externalId, Instant createdAt, Instant expiresAt,
                       Optional<CodeRedemption> redemption) {
    public AuthCode {
        Objects.requireNonNull(codeHash);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(externalId);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(redemption);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Keeps the external id, often an email address, out of logs. */
    @Override
    public String toString() {
        return "AuthCode[app=" + appId + ", expiresAt=" + expiresAt + ", redeemed=" + redemption.isPresent() + "]";
    }
}
