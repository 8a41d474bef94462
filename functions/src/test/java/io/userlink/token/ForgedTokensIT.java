package io.userlink.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.userlink.config.Rehearsal;
import io.userlink.json.Json;
import io.userlink.support.TestApi.Reply;
import io.userlink.support.TestApi;
import io.userlink.support.TestUserlink.TestApp;
import io.userlink.support.TestUserlink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checklist item 9 at every route that takes a token: forged and expired tokens get the one 401, before the
 * body is looked at (each request carries a body that would otherwise be a 400 or 413).
 */
class ForgedTokensIT {

    private static final List<String> ROUTES = List.of("POST /v1/users", "GET /v1/installs/{install_id}",
            "POST /v1/installs/{install_id}/reset", "POST /v1/accounts", "POST /v1/accounts/sign-in",
            "POST /v1/accounts/sign-out", "GET /v1/accounts/me", "PATCH /v1/accounts/me", "POST /v1/accounts/me/password");

    private static TestUserlink userlink;
    private static TestApi api;
    private static String installId;
    private static String appId;

    @BeforeAll
    static void setUp() {
        userlink = TestUserlink.local();
        api = new TestApi(userlink);
        TestApp app = userlink.createApp();
        appId = app.appId();
        installId = api.register(app, "android", "phone").string("install_id");
    }

    static Stream<Arguments> forgeries() throws Exception {
        RSAKey current = userlink.components().keyRing().keyRing().current();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(current.getKeyID()).generate();
        RSAKey unknownKid = new RSAKeyGenerator(2048).keyID("not-in-the-ring").generate();
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("alg none", new PlainJWT(new PlainHeader.Builder().type(AccessTokenIssuer.AT_JWT).build(), claims(b -> b)).serialize());
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(AccessTokenIssuer.AT_JWT)
                .keyID(current.getKeyID()).build(), claims(b -> b));
        hs256.sign(new MACSigner(current.toRSAPublicKey().getEncoded()));
        tokens.put("HS256 signed with our public key", hs256.serialize());
        tokens.put("wrong iss", sign(current, AccessTokenIssuer.AT_JWT, claims(b -> b.issuer("https://evil.test"))));
        tokens.put("wrong aud", sign(current, AccessTokenIssuer.AT_JWT, claims(b -> b.audience("app-other").claim("client_id", "app-other"))));
        tokens.put("typ JWT", sign(current, JOSEObjectType.JWT, claims(b -> b)));
        tokens.put("unknown kid", sign(unknownKid, AccessTokenIssuer.AT_JWT, claims(b -> b)));
        tokens.put("our kid, another key", sign(stranger, AccessTokenIssuer.AT_JWT, claims(b -> b)));
        tokens.put("the rehearsal's key, which every jar holds", sign(rehearsalKey(), AccessTokenIssuer.AT_JWT, claims(b -> b)));
        tokens.put("expired 61 s ago", sign(current, AccessTokenIssuer.AT_JWT, claims(b -> b
                .expirationTime(Date.from(userlink.clock().instant().minusSeconds(61))))));
        tokens.put("not a JWT", "ulk_whatever");
        List<Arguments> arguments = new ArrayList<>();
        for (String route : ROUTES) {
            tokens.forEach((name, token) -> arguments.add(Arguments.of(route, name, token)));
        }
        arguments.add(Arguments.of("POST /v1/users", "control: a valid token", sign(current, AccessTokenIssuer.AT_JWT, claims(b -> b))));
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("forgeries")
    void routeWhenTokenForgedOrExpiredThenTheOne401BeforeTheBody(String route, String forgery, String token) {
        Reply reply = api.withToken(route, token, installId, "{" + "x".repeat(70_000));

        if (forgery.startsWith("control")) {
            assertEquals(413, reply.status(), "a valid token reaches the body: the forgeries above were stopped before it");
            return;
        }
        assertEquals(401, reply.status(), reply.body().toString());
        assertEquals("INVALID_CREDENTIALS", reply.string("code"));
        assertEquals("The request lacks valid credentials for this route.", reply.string("detail"));
    }

    /** The signing key of SnapStart's priming rehearsal, read from the jar as the rehearsal reads it. */
    private static RSAKey rehearsalKey() throws IOException {
        try (InputStream in = Rehearsal.class.getResourceAsStream("rehearsal-key-ring.json")) {
            return KeyRing.fromSecretJson(Json.parseTrustedObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                    .current();
        }
    }

    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(TestUserlink.ISSUER.toString()).audience(appId).claim("client_id", appId).subject(installId)
                .claim("install_id", installId).claim("sid", "fam-forged").claim("scope", "install").jwtID("forged")
                .issueTime(Date.from(userlink.clock().instant()))
                .expirationTime(Date.from(userlink.clock().instant().plusSeconds(600)));
        return change.apply(builder).build();
    }

    private static String sign(RSAKey key, JOSEObjectType type, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(type).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
