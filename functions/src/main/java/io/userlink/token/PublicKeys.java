package io.userlink.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The public halves of the ring's signing keys, {@code current} first: all that verifying a token or serving the JWKS
 * needs, and all that the public keys secret holds, so that a function that only verifies holds no private key and
 * no refresh token key.
 *
 * @param keys public RSA keys, each with a kid
 */
public record PublicKeys(List<RSAKey> keys) {

    public PublicKeys {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a key set holds at least one key");
        }
        for (RSAKey key : keys) {
            if (key.isPrivate() || key.getKeyID() == null) {
                throw new IllegalArgumentException("every key must be a public RSA key with a kid");
            }
        }
    }

    /** The key with this kid, if the set holds one. */
    public Optional<RSAKey> verificationKey(String keyId) {
        return keys.stream().filter(key -> key.getKeyID().equals(keyId)).findFirst();
    }

    /** The set as RFC 7517 JSON ({@code {"keys": [...]}}): what {@code /.well-known/jwks.json} serves and the secret holds. */
    public Map<String, Object> toJwks() {
        return new JWKSet(List.<JWK>copyOf(keys)).toJSONObject(true);
    }

    /**
     * Reads a set of public RSA keys from RFC 7517 JSON.
     *
     * @throws IllegalArgumentException when the JSON is not such a set; a set that holds private key material is
     *     refused, never silently stripped, since it means the secret was written by something other than the rotation
     */
    public static PublicKeys fromJwks(Map<String, Object> json) {
        try {
            List<JWK> parsed = JWKSet.parse(json).getKeys();
            if (!parsed.stream().allMatch(RSAKey.class::isInstance)) {
                throw new IllegalArgumentException("every key must be an RSA key");
            }
            return new PublicKeys(parsed.stream().map(RSAKey.class::cast).toList());
        } catch (ParseException e) {
            throw new IllegalArgumentException("the public keys secret does not hold a JWK set", e);
        }
    }

    @Override
    public String toString() {
        return "PublicKeys" + keys.stream().map(JWK::getKeyID).collect(Collectors.joining(", ", "[", "]"));
    }
}
