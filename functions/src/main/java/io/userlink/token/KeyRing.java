package io.userlink.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The token keys of a deployment, as one secret holds them: the RSA signing keys {@code next},
 * {@code current} and {@code previous}, and the key from which refresh tokens are derived.
 * {@code current} signs; all three verify. A key is published as {@code next} one full rotation period
 * before it signs, so a verifier that caches the JWKS for less than a period always knows the signer, and
 * {@code previous} stays until every token it signed has expired.
 *
 * @param next the key that signs after the next rotation
 * @param current the key that signs now
 * @param previous the key that signed before the last rotation, if any
 * @param refreshTokenKey 32 bytes from which each refresh family's secret is derived; survives rotations
 */
public record KeyRing(RSAKey next, RSAKey current, Optional<RSAKey> previous, byte[] refreshTokenKey) {

    private static final int RSA_BITS = 2048;
    private static final int REFRESH_KEY_BYTES = 32;

    public KeyRing {
        requirePrivate(next, "next");
        requirePrivate(current, "current");
        Objects.requireNonNull(previous, "previous").ifPresent(key -> requirePrivate(key, "previous"));
        if (refreshTokenKey == null || refreshTokenKey.length < REFRESH_KEY_BYTES) {
            throw new IllegalArgumentException("refreshTokenKey must hold at least " + REFRESH_KEY_BYTES + " bytes");
        }
        refreshTokenKey = refreshTokenKey.clone();
    }

    /** A first ring: fresh {@code current} and {@code next}, no {@code previous}, a fresh refresh key. */
    public static KeyRing generate(SecureRandom random) {
        byte[] refreshKey = new byte[REFRESH_KEY_BYTES];
        random.nextBytes(refreshKey);
        return new KeyRing(newSigningKey(random), newSigningKey(random), Optional.empty(), refreshKey);
    }

    /** The ring one rotation later: a fresh {@code next}, the old {@code next} signs, the old {@code current} verifies. */
    public KeyRing rotate(SecureRandom random) {
        return new KeyRing(newSigningKey(random), next, Optional.of(current), refreshTokenKey);
    }

    @Override
    public byte[] refreshTokenKey() {
        return refreshTokenKey.clone();
    }

    /** The public halves of all keys, {@code current} first: what verifiers need and the JWKS serves. */
    public PublicKeys publicKeys() {
        return new PublicKeys(Stream.concat(Stream.of(current, next), previous.stream())
                .map(RSAKey::toPublicJWK).toList());
    }

    /** The ring as the secret stores it (JSON object of private JWKs and the base64 refresh key). */
    public Map<String, Object> toSecretJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("next", next.toJSONObject());
        json.put("current", current.toJSONObject());
        json.put("previous", previous.map(JWK::toJSONObject).orElse(null));
        json.put("refresh_token_key", Base64.getEncoder().encodeToString(refreshTokenKey));
        return json;
    }

    /**
     * Reads the ring from its secret's JSON.
     *
     * @throws IllegalArgumentException when the secret is not a ring
     */
    public static KeyRing fromSecretJson(Map<String, Object> json) {
        try {
            return new KeyRing(rsa(json.get("next")), rsa(json.get("current")),
                    Optional.ofNullable(json.get("previous")).map(KeyRing::rsa),
                    Base64.getDecoder().decode(String.valueOf(json.get("refresh_token_key"))));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the signing key secret does not hold a key ring: " + e.getMessage(), e);
        }
    }

    /** Keeps private keys out of logs. */
    @Override
    public String toString() {
        return "KeyRing[current=" + current.getKeyID() + ", next=" + next.getKeyID()
                + ", previous=" + previous.map(JWK::getKeyID).orElse("none") + "]";
    }

    @SuppressWarnings("unchecked")
    private static RSAKey rsa(Object jwk) {
        try {
            return RSAKey.parse((Map<String, Object>) jwk);
        } catch (ParseException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA JWK", e);
        }
    }

    private static RSAKey newSigningKey(SecureRandom random) {
        try {
            RSAKey key = new RSAKeyGenerator(RSA_BITS).secureRandom(random)
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            // RFC 7638 thumbprint as kid: stable, unique per key, derived from nothing secret.
            return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static void requirePrivate(RSAKey key, String name) {
        Objects.requireNonNull(key, name);
        if (!key.isPrivate() || key.getKeyID() == null) {
            throw new IllegalArgumentException(name + " must be a private RSA key with a kid");
        }
    }
}
