package io.userlink.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.userlink.error.AuthenticationException;
import io.userlink.id.RandomIds;
import io.userlink.support.MutableClock;
import io.userlink.support.TestKeyRings;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What a verifier refuses: RFC 8725 §3.1 (the algorithm is ours), RFC 9068 §4 (typ, iss, aud, exp); README, "Tokens". */
class AccessTokenVerifierTest {

    private static final URI ISSUER = URI.create("https://userlink.test");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A key of another deployment's ring, under a kid of its own. */
    private static final RSAKey STRANGER = new RSAKey.Builder(TestKeyRings.ANOTHER_DEPLOYMENT.current()).keyID("stranger").build();

    private final MutableClock clock = MutableClock.atNow();
    private final AtomicReference<KeyRing> ring = new AtomicReference<>(TestKeyRings.FIRST);
    private final AccessTokenIssuer issuer = new AccessTokenIssuer(ISSUER, ring::get, clock, new RandomIds(RANDOM));
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER, () -> ring.get().publicKeys(), clock);

    @Test
    void verifyWhenIssuedByUsThenReturnsItsClaims() {
        String token = issue();

        AccessToken verified = verifier.verify(token);

        assertEquals("app-a", verified.appId());
        assertEquals("usr-1", verified.subject());
        assertEquals("ins-1", verified.installId());
        assertEquals(TokenScope.USER, verified.scope());
    }

    @Test
    void verifyWhenAlgNoneThenRefused() {
        String token = new PlainJWT(new PlainHeader.Builder().type(AccessTokenIssuer.AT_JWT).build(), claims(b -> b)).serialize();

        assertThrows(AuthenticationException.class, () -> verifier.verify(token));
    }

    @Test
    void verifyWhenHs256SignedWithOurPublicKeyThenRefused() throws Exception {
        // the classic key-confusion attack: the public key used as an HMAC secret
        RSAKey current = ring.get().current();
        byte[] publicKeyBytes = current.toPublicJWK().toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(AccessTokenIssuer.AT_JWT)
                .keyID(current.getKeyID()).build(), claims(b -> b));
        jwt.sign(new MACSigner(publicKeyBytes));

        assertThrows(AuthenticationException.class, () -> verifier.verify(jwt.serialize()));
    }

    @Test
    void verifyWhenOtherRsaAlgorithmThenRefused() throws Exception {
        String token = sign(new JWSHeader.Builder(JWSAlgorithm.RS512).type(AccessTokenIssuer.AT_JWT)
                .keyID(ring.get().current().getKeyID()).build(), ring.get().current(), claims(b -> b));

        assertThrows(AuthenticationException.class, () -> verifier.verify(token));
    }

    @Test
    void verifyWhenTypIsNotAtJwtThenRefused() throws Exception {
        for (JOSEObjectType type : new JOSEObjectType[] {JOSEObjectType.JWT, null, new JOSEObjectType("application/at+jwt")}) {
            String token = sign(header().type(type).build(), ring.get().current(), claims(b -> b));
            assertThrows(AuthenticationException.class, () -> verifier.verify(token), String.valueOf(type));
        }
    }

    @Test
    void verifyWhenIssuerWrongThenRefused() throws Exception {
        String token = sign(header().build(), ring.get().current(), claims(b -> b.issuer("https://evil.test")));

        assertThrows(AuthenticationException.class, () -> verifier.verify(token));
    }

    @Test
    void verifyWhenAudienceIsNotTheClientIdThenRefused() throws Exception {
        String other = sign(header().build(), ring.get().current(), claims(b -> b.audience("app-b")));
        String two = sign(header().build(), ring.get().current(), claims(b -> b.audience(List.of("app-a", "app-b"))));

        assertThrows(AuthenticationException.class, () -> verifier.verify(other));
        assertThrows(AuthenticationException.class, () -> verifier.verify(two));
    }

    @Test
    void verifyWhenKidUnknownThenRefused() throws Exception {
        String token = sign(header().keyID(STRANGER.getKeyID()).build(), STRANGER, claims(b -> b));

        assertThrows(AuthenticationException.class, () -> verifier.verify(token));
    }

    @Test
    void verifyWhenKidOursButSignedByAnotherKeyThenRefused() throws Exception {
        String token = sign(header().build(), STRANGER, claims(b -> b));

        assertThrows(AuthenticationException.class, () -> verifier.verify(token));
    }

    @Test
    void verifyWhenExpiredWithinSixtySecondsThenAcceptedAndBeyondThenRefused() {
        String token = issue();
        clock.advance(Duration.ofHours(1).plusSeconds(59));
        verifier.verify(token);

        clock.advance(Duration.ofSeconds(2));

        assertThrows(AuthenticationException.class, () -> verifier.verify(token));
    }

    @Test
    void verifyWhenScopeUnknownOrAClaimMissingThenRefused() throws Exception {
        for (UnaryOperator<JWTClaimsSet.Builder> change : List.<UnaryOperator<JWTClaimsSet.Builder>>of(
                b -> b.claim("scope", "admin"), b -> b.claim("scope", null), b -> b.subject(null),
                b -> b.claim("install_id", null), b -> b.jwtID(null), b -> b.issueTime(null),
                b -> b.issueTime(Date.from(clock.instant().plusSeconds(AccessTokenVerifier.SKEW_SECONDS + 1))))) {
            String token = sign(header().build(), ring.get().current(), claims(change));
            assertThrows(AuthenticationException.class, () -> verifier.verify(token));
        }
    }

    @Test
    void issueThenTheTokenSaysOnlyItsLifetimeInLogs() {
        IssuedAccessToken issued = issuer.issue("app-a", "usr-1", "ins-1", "fam-1", TokenScope.USER, Duration.ofHours(1));

        assertEquals("IssuedAccessToken[expiresIn=PT1H]", issued.toString());
    }

    @Test
    void verifyWhenNotAJwtThenRefused() {
        for (String garbage : new String[] {"", "abc", "a.b.c", "ulk_x", "e30.e30.", "Bearer x"}) {
            assertThrows(AuthenticationException.class, () -> verifier.verify(garbage), garbage);
        }
    }

    @Test
    void verifyWhenKeysRotatedThenTokensFromBeforeAndAfterBothVerify() {
        // checklist 10
        String before = issue();
        ring.set(ring.get().rotate(RANDOM));
        String after = issue();

        assertEquals("usr-1", verifier.verify(before).subject());
        assertEquals("usr-1", verifier.verify(after).subject());

        // and after a second rotation the oldest signer is gone, as its tokens have expired
        ring.set(ring.get().rotate(RANDOM));
        assertThrows(AuthenticationException.class, () -> verifier.verify(before));
        assertEquals("usr-1", verifier.verify(after).subject());
    }

    private String issue() {
        return issuer.issue("app-a", "usr-1", "ins-1", "fam-1", TokenScope.USER, Duration.ofHours(1)).value();
    }

    private JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).type(AccessTokenIssuer.AT_JWT).keyID(ring.get().current().getKeyID());
    }

    private JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER.toString()).audience("app-a").claim("client_id", "app-a").subject("usr-1")
                .claim("install_id", "ins-1").claim("scope", "user").jwtID("jti-1")
                .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plusSeconds(3600)));
        return change.apply(builder).build();
    }

    private static String sign(JWSHeader header, RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
