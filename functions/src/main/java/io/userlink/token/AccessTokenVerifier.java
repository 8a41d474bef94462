package io.userlink.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.userlink.error.AuthenticationException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies our access tokens: algorithm pinned to RS256 whatever the header claims, {@code typ} must be
 * {@code at+jwt} (RFC 9068 §4), {@code kid} looked up only in our own ring, {@code iss} ours, {@code aud}
 * one app that equals {@code client_id}, {@code exp} honoured with {@value #SKEW_SECONDS} s of clock skew.
 * Every failure is the same {@link AuthenticationException}.
 */
public final class AccessTokenVerifier {

    static final int SKEW_SECONDS = 60;
    private static final Duration SKEW = Duration.ofSeconds(SKEW_SECONDS);

    private final String issuer;
    private final PublicKeySource keys;
    private final InstantSource clock;
    // A kid is the key's RFC 7638 thumbprint, so a cached verifier can never belong to another key.
    private final Map<String, RSASSAVerifier> verifiers = new ConcurrentHashMap<>();

    public AccessTokenVerifier(URI issuer, PublicKeySource keys, InstantSource clock) {
        this.issuer = Objects.requireNonNull(issuer).toString();
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Verifies a compact JWS and returns its claims.
     *
     * @throws AuthenticationException for any token that is not one of ours, valid now
     */
    public AccessToken verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new AuthenticationException("access token is not a JWS");
        }
        verifySignature(jwt);
        try {
            return claims(jwt.getJWTClaimsSet());
        } catch (ParseException e) {
            throw new AuthenticationException("access token claims are not JSON");
        }
    }

    private void verifySignature(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        // RFC 8725 §3.1: the algorithm is ours to choose, never the token's.
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new AuthenticationException("access token alg is not RS256");
        }
        if (!AccessTokenIssuer.AT_JWT.equals(header.getType())) {
            throw new AuthenticationException("access token typ is not at+jwt");
        }
        // Only the kid is read from the header; embedded keys (jwk, jku, x5u) are never trusted.
        RSAKey key = Optional.ofNullable(header.getKeyID())
                .flatMap(keys.publicKeys()::verificationKey)
                .orElseThrow(() -> new AuthenticationException("access token kid is not in the ring"));
        try {
            RSASSAVerifier verifier = verifiers.computeIfAbsent(key.getKeyID(), kid -> newVerifier(key));
            if (!jwt.verify(verifier)) {
                throw new AuthenticationException("access token signature does not verify");
            }
        } catch (JOSEException e) {
            throw new AuthenticationException("access token signature cannot be verified");
        }
    }

    private static RSASSAVerifier newVerifier(RSAKey key) {
        try {
            return new RSASSAVerifier(key.toRSAPublicKey());
        } catch (JOSEException e) {
            throw new AuthenticationException("ring key " + key.getKeyID() + " is unusable");
        }
    }

    private AccessToken claims(JWTClaimsSet claims) throws ParseException {
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw new AuthenticationException("access token iss is not ours");
        }
        List<String> audience = claims.getAudience();
        String clientId = claims.getStringClaim("client_id");
        if (audience.size() != 1 || !audience.getFirst().equals(clientId)) {
            throw new AuthenticationException("access token aud is not its client_id");
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null || !now.isBefore(expiry.toInstant().plus(SKEW))) {
            throw new AuthenticationException("access token expired");
        }
        Date issuedAt = claims.getIssueTime();
        if (issuedAt == null || issuedAt.toInstant().isAfter(now.plus(SKEW))) {
            throw new AuthenticationException("access token iat missing or in the future");
        }
        TokenScope scope = TokenScope.fromValue(claims.getStringClaim("scope"))
                .orElseThrow(() -> new AuthenticationException("access token scope unknown"));
        String subject = claims.getSubject();
        String installId = claims.getStringClaim("install_id");
        String sessionId = claims.getStringClaim("sid");
        String tokenId = claims.getJWTID();
        if (subject == null || installId == null || sessionId == null || tokenId == null) {
            throw new AuthenticationException("access token lacks sub, install_id, sid or jti");
        }
        return new AccessToken(clientId, subject, installId, sessionId, scope, expiry.toInstant(), tokenId);
    }
}
