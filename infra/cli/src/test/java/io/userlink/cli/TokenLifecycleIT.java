package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens over HTTP against `userlink serve`: refresh rotation, reuse and races, and tokens an independent JOSE
 * library (jose4j) verifies through the served JWKS. The CLI's key rotation is {@code ServeIT}'s; that the
 * functions follow a rotation once their key ring cache expires is {@code JwksHandlerIT}'s, on an injected clock.
 */
@ExtendWith(SharedServe.class)
class TokenLifecycleIT {

    private static ServeProcess serve;
    private static URI api;
    private static JsonNode demo;

    @BeforeAll
    static void start(ServeProcess.Served served) throws Exception {
        serve = served.process();
        api = served.url();
        demo = served.credentials();
    }

    @Test
    void refreshWhenRotatedThenReusedThenTheFamilyIsRevokedOverHttp() throws Exception {
        String first = register().get("refresh_token").asText();
        String second = json(refresh(first), 200).get("refresh_token").asText();
        String third = json(refresh(second), 200).get("refresh_token").asText();

        JsonNode reused = json(refresh(first), 400);

        assertEquals("invalid_grant", reused.get("error").asText());
        assertEquals("invalid_grant", json(refresh(third), 400).get("error").asText(), "the whole family");
    }

    @Test
    void refreshWhenTenClientsRefreshOneTokenAtOnceOverHttpThenOneSuccessor() throws Exception {
        String token = register().get("refresh_token").asText();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return refresh(token);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Set<String> successors = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            successors.add(json(call.get(), 200).get("refresh_token").asText());
        }
        assertEquals(1, successors.size());
    }

    @Test
    void refreshWhenInstallLinkedThenUserTokensThatVerify() throws Exception {
        JsonNode install = register();
        JsonNode linked = json(Http.send("POST", api.resolve("/v2/users/" + install.get("install_id").asText() + "/link"),
                "Bearer " + demo.get("api_key").asText(), "application/json", "{\"id\": \"token-user\"}"), 200);

        JsonNode refreshed = json(refresh(install.get("refresh_token").asText()), 200);

        assertEquals("user", refreshed.get("scope").asText());
        assertEquals(linked.get("id").asText(), consumer().processToClaims(refreshed.get("access_token").asText()).getSubject());
    }

    private static JsonNode register() throws Exception {
        return json(Http.send("POST", api.resolve("/v1/installs"),
                Http.basic(demo.get("app_id").asText(), demo.get("app_secret").asText()), "application/json",
                "{\"platform\": \"android\", \"device_class\": \"phone\", \"sdk_version\": \"1.0\"}"), 201);
    }

    private static HttpResponse<String> refresh(String token) throws Exception {
        return Http.send("POST", api.resolve("/v1/token"), null, "application/x-www-form-urlencoded",
                "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private static JwtConsumer consumer() throws Exception {
        JsonNode discovery = Http.json(Http.get(api.resolve("/.well-known/openid-configuration")));
        return new JwtConsumerBuilder()
                .setExpectedIssuer(api.toString())
                .setExpectedAudience(demo.get("app_id").asText())
                .setRequireExpirationTime()
                .setExpectedType(true, "at+jwt")
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(discovery.get("jwks_uri").asText())))
                .build();
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return Http.json(response);
    }
}
