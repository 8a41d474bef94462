package io.userlink.refresh;

import io.userlink.credential.HmacSha256;
import io.userlink.credential.Sha256;
import io.userlink.token.KeyRingSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Derives refresh tokens: {@code ulr_<family id>_<generation>_<base64url(HMAC-SHA256(family secret, family id ‖
 * generation))>}, where the family secret is HMAC-SHA256(refresh token key, family id) and the refresh token
 * key lives only in the key ring secret. Derivation is deterministic, so concurrent refreshes of one token,
 * and a retry within the grace window, receive the same successor and a family never branches; a copy of the
 * table forges nothing, since neither the key nor any token is stored. The MAC carries 256 bits.
 */
public final class RefreshTokens {

    public static final String PREFIX = "ulr_";
    private static final Pattern SHAPE = Pattern.compile("ulr_(fam-[a-z2-7]{26})_(0|[1-9][0-9]{0,9})_[A-Za-z0-9_-]{43}");

    /** A presented token whose MAC is ours: its family and generation are authentic. */
    public record Presented(String familyId, long generation, String token) {
        /** Keeps the token out of logs. */
        @Override
        public String toString() {
            return "Presented[" + familyId + "#" + generation + "]";
        }
    }

    private final KeyRingSource keys;

    public RefreshTokens(KeyRingSource keys) {
        this.keys = Objects.requireNonNull(keys);
    }

    /** The token of {@code familyId} at {@code generation}. */
    public String token(String familyId, long generation) {
        byte[] familySecret = HmacSha256.mac(keys.keyRing().refreshTokenKey(), familyId);
        byte[] mac = HmacSha256.mac(familySecret, familyId + "|" + generation);
        return PREFIX + familyId + "_" + generation + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    /**
     * Authenticates a presented token: our shape and our MAC. Empty for anything else, so a made-up token
     * naming a real family can never trigger that family's reuse detection.
     */
    public Optional<Presented> authenticate(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        var matcher = SHAPE.matcher(presented);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String familyId = matcher.group(1);
        long generation = Long.parseLong(matcher.group(2));
        boolean ours = MessageDigest.isEqual(token(familyId, generation).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
        return ours ? Optional.of(new Presented(familyId, generation, presented)) : Optional.empty();
    }

    /** The family id of a token of our shape (for tests and logs; it proves nothing). */
    public static Optional<String> familyIdOf(String presented) {
        var matcher = SHAPE.matcher(presented == null ? "" : presented);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** What the family item stores of a token. */
    public static String hash(String token) {
        return Sha256.hex(token);
    }
}
