package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed documents' story over HTTP against `userlink serve`, as the README walks through it: link an
 * install, move to a new phone with an authentication code, the tablet case, reset for the next person,
 * delete; an account's story (register, sign in elsewhere, sign out everywhere, the lock); and a race of linkers.
 */
@ExtendWith(SharedServe.class)
class IdentityStoryIT {

    private static ServeProcess serve;
    private static URI api;
    private static String appId;
    private static String appSecret;
    private static String apiKey;

    @BeforeAll
    static void start(ServeProcess.Served served) throws Exception {
        serve = served.process();
        api = served.url();
        JsonNode demo = served.credentials();
        appId = demo.get("app_id").asText();
        appSecret = demo.get("app_secret").asText();
        apiKey = demo.get("api_key").asText();
    }

    @Test
    void storyWhenAUserMovesPhonesSharesATabletAndIsDeletedThenEveryStepAnswersAsDocumented() throws Exception {
        // Alice's first phone: registered by the SDK, linked by the customer's backend (legacy).
        JsonNode phone = register("android", "phone");
        JsonNode linked = json(backend("POST", "/v2/users/" + id(phone) + "/link", "{\"id\": \"alice@example.com\"}"), 200);
        String alice = linked.get("id").asText();
        assertEquals(true, linked.get("active").asBoolean());
        assertEquals(true, json(sdk("GET", "/v1/installs/" + id(phone), token(phone), null), 200).get("linked").asBoolean());

        // A new phone: the backend asks for a code, the SDK redeems it; the old phone is deactivated.
        JsonNode newPhone = register("ios", "phone");
        JsonNode restored = json(sdk("POST", "/v1/users", token(newPhone), "{\"authentication_code\": \"" + code("alice@example.com") + "\"}"), 200);
        assertEquals(alice, restored.get("user_id").asText());
        assertEquals(true, restored.get("restored").asBoolean());
        JsonNode oldStatus = json(sdk("GET", "/v1/installs/" + id(phone), token(phone), null), 200);
        assertEquals("REPLACED_BY_NEWER_INSTALL", oldStatus.get("inactive_reason").asText());
        assertEquals("INSTALL_DEACTIVATED",
                json(backend("POST", "/v2/users/" + id(phone) + "/link", "{\"id\": \"alice@example.com\"}"), 403).get("errorCode").asText());

        // The family tablet: the phone is preferred, the tablet is linked but inactive, without user tokens.
        JsonNode tablet = register("android", "tablet");
        JsonNode onTablet = json(sdk("POST", "/v1/users", token(tablet), "{\"authentication_code\": \"" + code("alice@example.com") + "\"}"), 200);
        assertEquals("PHONE_PREFERRED", onTablet.get("inactive_reason").asText());
        assertFalse(onTablet.has("access_token"));

        // Reset the new phone (Alice hands it over), and Bob logs in on it.
        JsonNode reset = json(sdk("POST", "/v1/installs/" + id(newPhone) + "/reset", restored.get("access_token").asText(), null), 200);
        assertEquals(401, sdk("GET", "/v1/installs/" + id(newPhone), restored.get("access_token").asText(), null).statusCode());
        JsonNode bob = json(sdk("POST", "/v1/users", reset.get("access_token").asText(),
                "{\"authentication_code\": \"" + code("bob@example.com") + "\"}"), 201);
        assertNotEquals(alice, bob.get("user_id").asText());

        // The backend reads Alice, then deletes her.
        JsonNode record = json(backend("GET", "/v1/users?external_id=alice%40example.com", null), 200);
        assertEquals(alice, record.get("user_id").asText());
        assertFalse(record.get("history").toString().contains("alice@example.com"));
        assertEquals(204, backend("DELETE", "/v1/users/" + alice, null).statusCode());
        assertEquals(404, backend("GET", "/v1/users/" + alice, null).statusCode());
        assertEquals(404, backend("GET", "/v1/users?external_id=alice%40example.com", null).statusCode());
    }

    @Test
    void accountStoryWhenAnnRegistersSignsInElsewhereAndSignsOutEverywhereThenEveryStepAnswersAsDocumented() throws Exception {
        // An anonymous install registers an account and keeps its install id (README, "Accounts").
        JsonNode anonymous = register("ios", "phone");
        JsonNode ann = json(sdk("POST", "/v1/accounts", token(anonymous),
                "{\"email\": \"Ann@Example.com\", \"password\": \"correct horse battery\", \"attributes\": {\"name\": \"Ann\"}}"), 201);
        assertEquals("ann@example.com", ann.get("account").get("email").asText());
        JsonNode status = json(sdk("GET", "/v1/installs/" + id(anonymous), ann.get("access_token").asText(), null), 200);
        assertEquals(ann.get("user_id").asText(), status.get("user_id").asText());

        // Another phone signs in: it becomes the active one; the first session ends at once.
        JsonNode other = json(sdk("POST", "/v1/accounts/sign-in", token(register("android", "phone")),
                "{\"email\": \"ann@example.com\", \"password\": \"correct horse battery\"}"), 200);
        assertEquals(true, other.get("active").asBoolean());
        assertEquals(401, sdk("GET", "/v1/accounts/me", ann.get("access_token").asText(), null).statusCode());
        assertEquals(false, introspect(ann.get("access_token").asText()).get("active").asBoolean());
        assertEquals(true, introspect(other.get("access_token").asText()).get("active").asBoolean());
        JsonNode me = json(sdk("GET", "/v1/accounts/me", other.get("access_token").asText(), null), 200);
        assertEquals("Ann", me.get("attributes").get("name").asText());

        // The backend finds her by email; the lookup shows the account.
        JsonNode record = json(backend("GET", "/v1/users?email=ann%40example.com", null), 200);
        assertEquals(ann.get("user_id").asText(), record.get("user_id").asText());
        assertEquals(false, record.get("account").get("email_confirmed").asBoolean());

        // Sign-out everywhere: this install gets anonymous tokens; every user session has ended.
        JsonNode signedOut = json(sdk("POST", "/v1/accounts/sign-out", other.get("access_token").asText(),
                "{\"everywhere\": true}"), 200);
        assertEquals(false, introspect(other.get("access_token").asText()).get("active").asBoolean());
        assertEquals("install", introspect(signedOut.get("access_token").asText()).get("scope").asText());

        // Guessing: five wrong passwords, then a wait with Retry-After, for a known and an unknown address alike.
        for (String email : List.of("ann@example.com", "nobody@example.com")) {
            String device = token(register("android", "phone"));
            for (int failure = 1; failure <= 5; failure++) {
                assertEquals("INVALID_LOGIN", json(sdk("POST", "/v1/accounts/sign-in", device,
                        "{\"email\": \"" + email + "\", \"password\": \"wrong\"}"), 401).get("code").asText());
            }
            HttpResponse<String> locked = sdk("POST", "/v1/accounts/sign-in", device,
                    "{\"email\": \"" + email + "\", \"password\": \"correct horse battery\"}");
            assertEquals(429, locked.statusCode(), locked.body());
            // The first wait is 1 s; stored in whole seconds, it ends at the next second.
            assertTrue(List.of("1", "2").contains(locked.headers().firstValue("Retry-After").orElseThrow()));
        }
    }

    @Test
    void linkWhenTwentyInstallsLinkOneNewExternalIdAtOnceOverHttpThenEveryCallerGetsTheSameUser() throws Exception {
        List<JsonNode> installs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            installs.add(register("ios", "phone"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (JsonNode install : installs) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return backend("POST", "/v2/users/" + id(install) + "/link", "{\"id\": \"raced\"}");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            Set<String> users = new HashSet<>();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                users.add(json(call.get(), 200).get("id").asText());
            }
            assertEquals(1, users.size(), users.toString());
        } finally {
            pool.shutdownNow();
        }
        JsonNode record = json(backend("GET", "/v1/users?external_id=raced", null), 200);
        long active = 0;
        for (JsonNode install : record.get("installs")) {
            active += install.get("active").asBoolean() ? 1 : 0;
        }
        assertEquals(1, active);
    }

    private static JsonNode register(String platform, String deviceClass) throws Exception {
        return json(Http.send("POST", api.resolve("/v1/installs"), Http.basic(appId, appSecret), "application/json",
                "{\"platform\": \"" + platform + "\", \"device_class\": \"" + deviceClass + "\", \"sdk_version\": \"1.0\"}"), 201);
    }

    private static JsonNode introspect(String accessToken) throws Exception {
        return json(Http.send("POST", api.resolve("/v1/token/introspect"), "Bearer " + apiKey,
                "application/x-www-form-urlencoded", "token=" + accessToken), 200);
    }

    private static String code(String externalId) throws Exception {
        return json(backend("POST", "/v1/auth-codes", "{\"external_id\": \"" + externalId + "\"}"), 201)
                .get("authentication_code").asText();
    }

    private static HttpResponse<String> backend(String method, String path, String body) throws Exception {
        return Http.send(method, api.resolve(path), "Bearer " + apiKey, body == null ? null : "application/json", body);
    }

    private static HttpResponse<String> sdk(String method, String path, String token, String body) throws Exception {
        return Http.send(method, api.resolve(path), "Bearer " + token, body == null ? null : "application/json", body);
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) throws Exception {
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return Http.json(response);
    }

    private static String id(JsonNode install) {
        return install.get("install_id").asText();
    }

    private static String token(JsonNode install) {
        return install.get("access_token").asText();
    }
}
