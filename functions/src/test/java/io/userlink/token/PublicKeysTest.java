package io.userlink.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.userlink.json.Json;
import io.userlink.support.TestKeyRings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the public keys secret holds: the ring's public halves, and nothing a verifier should not have. */
class PublicKeysTest {

    private static final KeyRing ROTATED = TestKeyRings.ROTATED;

    @Test
    void fromJwksWhenWrittenAsTheSecretHoldsThemThenTheSameKeysInOrder() {
        PublicKeys written = ROTATED.publicKeys();

        PublicKeys read = PublicKeys.fromJwks(Json.parseTrustedObject(Json.write(written.toJwks())));

        assertEquals(written, read);
        assertEquals(List.of(ROTATED.current().getKeyID(), ROTATED.next().getKeyID(),
                ROTATED.previous().orElseThrow().getKeyID()), read.keys().stream().map(JWK::getKeyID).toList());
    }

    @Test
    void toJwksThenNoPrivateMemberAndNoRefreshTokenKey() {
        String json = Json.write(ROTATED.publicKeys().toJwks());

        for (String privateMember : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"", "refresh_token_key")) {
            assertFalse(json.contains(privateMember), privateMember);
        }
    }

    @Test
    void fromJwksWhenAKeyIsPrivateThenRefusedRatherThanStripped() {
        Map<String, Object> withPrivate = new JWKSet(List.<JWK>of(ROTATED.current())).toJSONObject(false);

        assertThrows(IllegalArgumentException.class, () -> PublicKeys.fromJwks(withPrivate));
    }

    @Test
    void fromJwksWhenNotASetOfRsaKeysWithKidsThenRefused() throws Exception {
        JWK ellipticCurve = new ECKeyGenerator(Curve.P_256).keyID("ec").generate().toPublicJWK();
        RSAKey withoutKid = new RSAKey.Builder(ROTATED.current().toPublicJWK()).keyID(null).build();

        assertThrows(IllegalArgumentException.class, () -> PublicKeys.fromJwks(Map.of("placeholder", "x")));
        assertThrows(IllegalArgumentException.class, () -> PublicKeys.fromJwks(Map.of("keys", List.of())));
        assertThrows(IllegalArgumentException.class,
                () -> PublicKeys.fromJwks(new JWKSet(ellipticCurve).toJSONObject(true)));
        assertThrows(IllegalArgumentException.class,
                () -> PublicKeys.fromJwks(new JWKSet(List.<JWK>of(withoutKid)).toJSONObject(true)));
    }

    @Test
    void verificationKeyThenOnlyAKeyOfTheSet() {
        PublicKeys keys = ROTATED.publicKeys();

        assertEquals(ROTATED.next().toPublicJWK(), keys.verificationKey(ROTATED.next().getKeyID()).orElseThrow());
        assertTrue(keys.verificationKey("not-a-kid").isEmpty());
    }

    @Test
    void toStringThenKidsOnly() {
        String text = ROTATED.publicKeys().toString();

        assertTrue(text.contains(ROTATED.current().getKeyID()), text);
        assertFalse(text.contains(ROTATED.current().getModulus().toString()), text);
    }
}
