package io.userlink.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The key ring the secret holds (README, "Credentials and keys"). RSA keys are slow to make: two rings per run. */
class KeyRingTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeyRing RING = KeyRing.generate(RANDOM);
    private static final KeyRing ROTATED = RING.rotate(RANDOM);

    @Test
    void generateThenARandomRefreshKeyOfAtLeast256Bits() {
        // generated here, not in a static field, so a mutation testing run sees the generation it mutated
        byte[] key = KeyRing.generate(RANDOM).refreshTokenKey();

        assertTrue(key.length >= 32);
        assertFalse(Arrays.equals(new byte[key.length], key), "not all zeros");
        assertFalse(Arrays.equals(key, RING.refreshTokenKey()), "fresh per ring");
    }

    @Test
    void generateThenPrivateSigningKeysWithThumbprintKids() throws Exception {
        for (RSAKey key : List.of(RING.current(), RING.next())) {
            assertTrue(key.isPrivate());
            assertEquals(key.computeThumbprint().toString(), key.getKeyID());
        }
        assertNotEquals(RING.current().getKeyID(), RING.next().getKeyID());
        assertEquals(Optional.empty(), RING.previous());
    }

    @Test
    void rotateThenNextSignsCurrentVerifiesAsPreviousAndTheRefreshKeySurvives() {
        assertEquals(RING.next(), ROTATED.current());
        assertEquals(Optional.of(RING.current()), ROTATED.previous());
        assertNotEquals(RING.next().getKeyID(), ROTATED.next().getKeyID());
        assertArrayEquals(RING.refreshTokenKey(), ROTATED.refreshTokenKey());
    }

    @Test
    void publicKeysThenCurrentFirstThenNextThenPreviousAndNothingPrivate() {
        List<RSAKey> keys = ROTATED.publicKeys().keys();

        assertEquals(List.of(ROTATED.current().getKeyID(), ROTATED.next().getKeyID(), ROTATED.previous().orElseThrow().getKeyID()),
                keys.stream().map(JWK::getKeyID).toList());
        assertTrue(keys.stream().noneMatch(JWK::isPrivate));
        assertEquals(2, RING.publicKeys().keys().size());
    }

    @Test
    void verificationKeyThenThePublicHalfOfAnyRingKeyAndNothingElse() {
        for (RSAKey key : List.of(ROTATED.current(), ROTATED.next(), ROTATED.previous().orElseThrow())) {
            RSAKey found = ROTATED.publicKeys().verificationKey(key.getKeyID()).orElseThrow();
            assertFalse(found.isPrivate());
            assertEquals(key.toPublicJWK(), found);
        }
        assertEquals(Optional.empty(), ROTATED.publicKeys().verificationKey("not-a-kid"));
        assertEquals(Optional.empty(), RING.publicKeys().verificationKey(ROTATED.next().getKeyID()));
    }

    @Test
    void secretJsonThenRoundTrips() {
        KeyRing read = KeyRing.fromSecretJson(ROTATED.toSecretJson());

        assertEquals(ROTATED.current(), read.current());
        assertEquals(ROTATED.next(), read.next());
        assertEquals(ROTATED.previous(), read.previous());
        assertArrayEquals(ROTATED.refreshTokenKey(), read.refreshTokenKey());
        assertEquals(Optional.empty(), KeyRing.fromSecretJson(RING.toSecretJson()).previous());
    }

    @Test
    void fromSecretJsonWhenAKeyIsPublicOnlyOrKidlessThenRefused() {
        Map<String, Object> publicOnly = new HashMap<>(RING.toSecretJson());
        publicOnly.put("current", RING.current().toPublicJWK().toJSONObject());
        Map<String, Object> kidless = new HashMap<>(RING.toSecretJson());
        kidless.put("next", new RSAKey.Builder(RING.next()).keyID(null).build().toJSONObject());
        Map<String, Object> publicPrevious = new HashMap<>(ROTATED.toSecretJson());
        publicPrevious.put("previous", RING.current().toPublicJWK().toJSONObject());

        for (Map<String, Object> json : List.of(publicOnly, kidless, publicPrevious)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> KeyRing.fromSecretJson(json));
            assertTrue(refused.getMessage().contains("private RSA key with a kid"), refused.getMessage());
        }
    }

    @Test
    void fromSecretJsonWhenNotARingThenRefused() {
        Map<String, Object> shortKey = new HashMap<>(RING.toSecretJson());
        shortKey.put("refresh_token_key", "AAAA");

        assertThrows(IllegalArgumentException.class, () -> KeyRing.fromSecretJson(shortKey));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.fromSecretJson(Map.of("placeholder", "x")));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.fromSecretJson(Map.of("current", "not a jwk")));
    }

    @Test
    void refreshTokenKeyThenACopyThatCannotChangeTheRing() {
        byte[] copy = RING.refreshTokenKey();
        copy[0] ^= 1;

        assertFalse(Arrays.equals(copy, RING.refreshTokenKey()));
    }

    @Test
    void toStringThenKidsOnly() {
        String text = ROTATED.toString();

        assertTrue(text.contains(ROTATED.current().getKeyID()));
        assertTrue(text.contains(ROTATED.previous().orElseThrow().getKeyID()));
        assertFalse(text.contains(ROTATED.current().getPrivateExponent().toString()));
        assertTrue(RING.toString().contains("previous=none"));
    }
}
