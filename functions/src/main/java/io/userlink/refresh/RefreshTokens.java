package io.userlink.refresh;

import io.userlink.auth.SecretToken;
import io.userlink.token.KeyRingSource;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives refresh tokens: {@code ulr_<family id>_<base64url(HMAC-SHA256(family secret, family id ‖ generation))>},
 * where the family secret is HMAC-SHA256(refresh token key, family id) and the refresh token key lives only
 * in the key ring secret. Derivation is deterministic, so concurrent refreshes of one token, and a retry
 * within the grace window, receive the same successor and a family never branches; and since neither the
 * key nor any token is stored, a copy of the table forges nothing.
 */
public final class RefreshTokens {

    public static final String PREFIX = "ulr_";
    private static final Pattern SHAPE = Pattern.compile("ulr_(fam-[a-z2-7]{26})_[A-Za-z0-9_-]{43}");
    private static final String HMAC = "HmacSHA256";

    private final KeyRingSource keys;

    public RefreshTokens(KeyRingSource keys) {
        this.keys = Objects.requireNonNull(keys);
    }

    /** The token of {@code familyId} at {@code generation}. */
    public String token(String familyId, long generation) {
        byte[] familySecret = hmac(keys.keyRing().refreshTokenKey(), familyId);
        byte[] tokenBytes = hmac(familySecret, familyId + "|" + generation);
        return PREFIX + familyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
    }

    /** The family id of a presented token; empty when the token does not have our shape. */
    public static Optional<String> familyIdOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        var matcher = SHAPE.matcher(presented);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** What the family item stores of a token. */
    public static String hash(String token) {
        return SecretToken.sha256Hex(token);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has " + HMAC, e);
        }
    }
}
