package io.userlink.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The shape shared by API keys and app secrets: {@code <prefix><id>_<secret><checksum>}. The id names the
 * credential record, the secret carries 184 random bits (23 bytes in 32 base62 characters) and the checksum (CRC32 of
 * everything before it, 6 base62 characters) lets a typo or a made-up value be refused before any I/O.
 * Only {@link #secretHash()} is ever stored.
 *
 * @param prefix what kind of credential this is, e.g. {@code ulk_}
 * @param id the public identifier of the credential record
 * @param secret the random part; never logged, never stored
 */
public record SecretToken(String prefix, String id, String secret) {

    /** API keys: {@code ulk_<app id>.<key id>_<secret><checksum>}. */
    public static final String API_KEY_PREFIX = "ulk_";
    /** App secrets: {@code uls_<secret id>_<secret><checksum>}. */
    public static final String APP_SECRET_PREFIX = "uls_";
    /** Authentication codes: {@code ulc_<code id>_<secret><checksum>}. */
    public static final String AUTHENTICATION_CODE_PREFIX = "ulc_";
    /** The tokens of account mails (confirmation, activation, password reset): {@code ulm_<token id>_<secret><checksum>}. */
    public static final String MAIL_TOKEN_PREFIX = "ulm_";

    static final int SECRET_LENGTH = 32;
    static final int SECRET_BYTES = 23;
    static final int CHECKSUM_LENGTH = 6;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{3,127}");

    /** Generates a fresh credential with {@value #SECRET_BYTES} random bytes. */
    public static SecretToken generate(String prefix, String id, SecureRandom random) {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return of(prefix, id, bytes);
    }

    /**
     * The credential whose secret is the first {@value #SECRET_BYTES} bytes of {@code secretBytes}: for tokens
     * derived from a key instead of drawn at random.
     */
    public static SecretToken of(String prefix, String id, byte[] secretBytes) {
        if (secretBytes.length < SECRET_BYTES) {
            throw new IllegalArgumentException("a secret needs " + SECRET_BYTES + " bytes, not " + secretBytes.length);
        }
        return new SecretToken(prefix, id, Base62.encode(Arrays.copyOf(secretBytes, SECRET_BYTES), SECRET_LENGTH));
    }

    /**
     * Parses a presented credential; empty when its prefix, shape or checksum is wrong. Needs no I/O.
     */
    public static Optional<SecretToken> parse(String prefix, String presented) {
        if (presented == null || !presented.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = presented.substring(prefix.length());
        int separator = rest.lastIndexOf('_');
        if (separator < 0 || rest.length() - separator - 1 != SECRET_LENGTH + CHECKSUM_LENGTH) {
            return Optional.empty();
        }
        String id = rest.substring(0, separator);
        String secret = rest.substring(separator + 1, separator + 1 + SECRET_LENGTH);
        String checksum = rest.substring(separator + 1 + SECRET_LENGTH);
        if (!ID.matcher(id).matches() || !Base62.isBase62(secret) || !Base62.isBase62(checksum)) {
            return Optional.empty();
        }
        SecretToken token = new SecretToken(prefix, id, secret);
        String expected = checksum(prefix + id + "_" + secret);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                checksum.getBytes(StandardCharsets.US_ASCII)) ? Optional.of(token) : Optional.empty();
    }

    /** The credential as handed to its owner, once. */
    public String value() {
        String body = prefix + id + "_" + secret;
        return body + checksum(body);
    }

    /** SHA-256 of the secret in hex: what the credential record stores and compares. */
    public String secretHash() {
        return Sha256.hex(secret);
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return prefix + id + "_[redacted]";
    }

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
    }
}
