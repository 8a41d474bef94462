package io.userlink.mail;

import io.userlink.credential.HmacSha256;
import io.userlink.credential.SecretToken;
import io.userlink.id.RandomIds;
import io.userlink.token.KeyRingSource;
import io.userlink.user.EmailAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The tokens of account mails: {@code ulm_<token id>_<secret><checksum>}, the token id 160 random bits, the secret
 * 184 bits derived from the id by HMAC-SHA256 under the key ring's refresh token key (with a label of its own, so
 * no refresh token shares it). Deriving instead of storing lets the mail sender rebuild a token from the outbox
 * item's token id: neither the table, nor its stream, nor the outbox holds a token, only the hash of its secret.
 */
public final class MailTokens {

    /** Longer than any token of ours (79 characters), so a request may be refused before it is parsed. */
    public static final int MAX_LENGTH = 128;
    /** 32 base32 characters: 160 random bits. */
    static final int TOKEN_ID_LENGTH = 32;
    private static final String TOKEN_ID_PREFIX = "mtk-";
    private static final String LABEL = "userlink-mail-token|";

    private final KeyRingSource keys;
    private final RandomIds ids;

    public MailTokens(KeyRingSource keys, RandomIds ids) {
        this.keys = Objects.requireNonNull(keys);
        this.ids = Objects.requireNonNull(ids);
    }

    /** A new token for {@code userId}, valid for its purpose's lifetime from {@code now}. */
    public MailToken issue(String appId, String userId, MailTokenPurpose purpose, Instant now) {
        return issue(appId, userId, purpose, Optional.empty(), now);
    }

    /** A new token that moves the account of {@code userId} to {@code newAddress}, mailed there. */
    public MailToken issueAddressChange(String appId, String userId, EmailAddress newAddress, Instant now) {
        return issue(appId, userId, MailTokenPurpose.CHANGE_EMAIL, Optional.of(newAddress), now);
    }

    /** A new token that moves the account of {@code userId} back to {@code oldAddress}, mailed there. */
    public MailToken issueAddressUndo(String appId, String userId, EmailAddress oldAddress, Instant now) {
        return issue(appId, userId, MailTokenPurpose.UNDO_EMAIL_CHANGE, Optional.of(oldAddress), now);
    }

    private MailToken issue(String appId, String userId, MailTokenPurpose purpose, Optional<EmailAddress> newAddress,
                            Instant now) {
        String tokenId = ids.next(TOKEN_ID_PREFIX, TOKEN_ID_LENGTH);
        return new MailToken(tokenId, appId, userId, purpose, derived(tokenId).secretHash(), now.plus(purpose.lifetime()),
                newAddress);
    }

    /** The token of {@code tokenId}, as its mail carries it. */
    public String token(String tokenId) {
        return derived(tokenId).value();
    }

    /** A presented token of our shape and checksum; empty for anything else, before any I/O. */
    public static Optional<SecretToken> parse(String presented) {
        return SecretToken.parse(SecretToken.MAIL_TOKEN_PREFIX, presented);
    }

    private SecretToken derived(String tokenId) {
        return SecretToken.of(SecretToken.MAIL_TOKEN_PREFIX, tokenId,
                HmacSha256.mac(keys.keyRing().refreshTokenKey(), LABEL + tokenId));
    }
}
