package io.userlink.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.userlink.id.RandomIds;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.Objects;

/**
 * Signs access tokens as RFC 9068 JWTs ({@code typ: at+jwt}, RS256) with the ring's {@code current} key.
 */
public final class AccessTokenIssuer {

    /** The media type of RFC 9068 access tokens. */
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private record Signer(String keyId, RSASSASigner signer) {}

    private final URI issuer;
    private final KeyRingSource keys;
    private final InstantSource clock;
    private final RandomIds ids;
    private volatile Signer signer;

    public AccessTokenIssuer(URI issuer, KeyRingSource keys, InstantSource clock, RandomIds ids) {
        this.issuer = Objects.requireNonNull(issuer);
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
    }

    /**
     * Signs a token for {@code subject} (a user id, or the install id while anonymous) on an install of
     * {@code appId}, in the session {@code sessionId} (the refresh family of the login, claim {@code sid}): the
     * token dies with its session, before it expires.
     */
    public IssuedAccessToken issue(String appId, String subject, String installId, String sessionId, TokenScope scope,
                                   Duration lifetime) {
        // JWT times are whole seconds (RFC 7519 NumericDate); truncating keeps exp - iat == lifetime.
        Instant issuedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer.toString())
                .audience(appId)
                .subject(subject)
                .claim("client_id", appId)
                .claim("install_id", installId)
                .claim("sid", sessionId)
                .claim("scope", scope.value())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .jwtID(ids.next("", RandomIds.LONG_ID))
                .build();
        Signer current = currentSigner();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(AT_JWT).keyID(current.keyId()).build(), claims);
        try {
            jwt.sign(current.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token with key " + current.keyId(), e);
        }
        return new IssuedAccessToken(jwt.serialize(), lifetime);
    }

    private Signer currentSigner() {
        RSAKey key = keys.keyRing().current();
        Signer cached = signer;
        if (cached != null && cached.keyId().equals(key.getKeyID())) {
            return cached;
        }
        try {
            Signer fresh = new Signer(key.getKeyID(), new RSASSASigner(key));
            signer = fresh;
            return fresh;
        } catch (JOSEException e) {
            throw new IllegalStateException("the current signing key " + key.getKeyID() + " is unusable", e);
        }
    }
}
