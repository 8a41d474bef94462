package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-app settings as an operator changes them with the admin CLI against `userlink serve`, and what the API does
 * with them from the next request: lifetimes, sdk_config, and each device rule over HTTP.
 */
@ExtendWith(SharedServe.class)
class AppSettingsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;
    private static ServeProcess serve;
    private static AdminCli admin;
    private static URI baseUrl;

    @BeforeAll
    static void start(ServeProcess.Served served) throws Exception {
        serve = served.process();
        admin = new AdminCli(served.url(), served.credentialsFile());
        baseUrl = served.url();
    }

    @Test
    void appsUpdateThenShownWithDefaultsAndBoundsAndAppliedFromTheNextRequest() throws Exception {
        TestApp app = TestApp.create(List.of());
        assertEquals(3600, register(app, "phone").get("expires_in").asInt());

        JsonNode updated = json("apps", "update", "--app", app.id, "--access-token-lifetime", "15m");

        assertEquals(900, updated.at("/settings/access-token-lifetime/value").asInt());
        assertEquals(3600, updated.at("/settings/access-token-lifetime/default").asInt());
        assertEquals("1m to 1d", updated.at("/settings/access-token-lifetime/bounds").asText());
        assertEquals(900, register(app, "phone").get("expires_in").asInt(), "the next request sees it");
        JsonNode shown = json("apps", "show", "--app", app.id);
        assertEquals(1, shown.get("settings_version").asInt());
        assertEquals(List.of("access-token-lifetime", "auth-code-lifetime", "refresh-idle-lifetime",
                "refresh-absolute-lifetime", "sdk-config", "device-policy", "password-policy", "password-min-length",
                "registration-mode", "confirmation-link", "password-reset-link", "mail-templates"),
                fieldNames(shown.get("settings")));
        assertTrue(json("apps", "list").findValuesAsText("app_id").contains(app.id));
        String text = admin.run(0, "apps", "show", "--app", app.id);
        assertTrue(text.contains("access-token-lifetime       15m                1h                 1m to 1d"), text);
    }

    @Test
    void appsUpdateWhenOutOfBoundsThenRefusedNamingTheSettingAndItsBoundsAndNothingChanges() throws Exception {
        TestApp app = TestApp.create(List.of());

        String refused = admin.run(1, "apps", "update", "--app", app.id, "--auth-code-lifetime", "11m");
        String idle = admin.run(1, "apps", "update", "--app", app.id, "--refresh-absolute-lifetime", "7d");
        String notJson = admin.run(1, "apps", "update", "--app", app.id, "--sdk-config", "[1, 2]");
        String badRule = admin.run(2, "apps", "update", "--app", app.id, "--device-policy", "newest");

        assertTrue(refused.contains("auth-code-lifetime must be from 1m to 10m, not 11m"), refused);
        assertTrue(idle.contains("refresh-idle-lifetime must be from 1h to 7d (the absolute lifetime), not 30d"), idle);
        assertTrue(notJson.contains("sdk-config must be a JSON object, not an array or a value"), notJson);
        assertTrue(badRule.contains("--device-policy takes phone-preferred, newest-wins, many-active, not newest"), badRule);
        assertEquals(0, json("apps", "show", "--app", app.id).get("settings_version").asInt());
    }

    @Test
    void passwordPolicyWhenUpdatedThenTheNextRegistrationFollowsItAndBadValuesAreRefused() throws Exception {
        TestApp app = TestApp.create(List.of());
        String accepted = "{\"email\": \"%s\", \"password\": \"correct horse battery\"}";
        assertEquals(201, registerAccount(app, accepted.formatted("one@example.com")).statusCode());

        json("apps", "update", "--app", app.id, "--password-policy", "legacy");
        HttpResponse<String> refused = registerAccount(app, accepted.formatted("two@example.com"));
        json("apps", "update", "--app", app.id, "--password-policy", "standard", "--password-min-length", "24");
        HttpResponse<String> tooShort = registerAccount(app, accepted.formatted("three@example.com"));

        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("legacy_composition"), refused.body());
        assertEquals(400, tooShort.statusCode());
        assertTrue(tooShort.body().contains("at least 24 characters"), tooShort.body());
        assertTrue(admin.run(1, "apps", "update", "--app", app.id, "--password-min-length", "7")
                .contains("password-min-length must be from 8 to 64, not 7"));
        assertTrue(admin.run(2, "apps", "update", "--app", app.id, "--password-policy", "nist")
                .contains("--password-policy takes standard or legacy, not nist"));
    }

    @Test
    void usersUnlockWhenAnAddressIsLockedByFailedLoginsThenTheRightPasswordSignsInAgain() throws Exception {
        TestApp app = TestApp.create(List.of());
        assertEquals(201, registerAccount(app, "{\"email\": \"kai@example.com\", \"password\": \"correct horse battery\"}")
                .statusCode());
        String wrong = "{\"email\": \"kai@example.com\", \"password\": \"wrong\"}";
        String right = "{\"email\": \"kai@example.com\", \"password\": \"correct horse battery\"}";
        for (int failure = 1; failure <= 5; failure++) {
            assertEquals(401, signIn(app, wrong).statusCode());
        }
        assertEquals(429, signIn(app, right).statusCode());

        JsonNode unlocked = json("users", "unlock", "--app", app.id, "--email", "KAI@example.com");

        assertEquals("kai@example.com", unlocked.get("email").asText());
        assertEquals(200, signIn(app, right).statusCode());
    }

    @Test
    void sdkConfigWhenUpdatedFromAFileThenARedemptionReturnsItExactlyAsStored() throws Exception {
        TestApp app = TestApp.create(List.of());
        Path file = directory.resolve("sdk-config.json");
        Files.writeString(file, "{ \"theme\": \"dark\", \"limits\": {\"trips\": 5, \"ratio\": 0.25}, \"name\": \"Zoë\" }");

        JsonNode updated = json("apps", "update", "--app", app.id, "--sdk-config", "@" + file);
        JsonNode redeemed = redeem(app, register(app, "phone"), "alice");

        assertEquals(updated.at("/settings/sdk-config/value"), redeemed.get("sdk_config"));
        assertEquals("{\"theme\":\"dark\",\"limits\":{\"trips\":5,\"ratio\":0.25},\"name\":\"Zoë\"}",
                JSON.writeValueAsString(redeemed.get("sdk_config")));
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("phone-preferred", "phone", "phone", "REPLACED_BY_NEWER_INSTALL", "active"),
                Arguments.of("phone-preferred", "phone", "tablet", "active", "PHONE_PREFERRED"),
                Arguments.of("phone-preferred", "tablet", "phone", "REPLACED_BY_NEWER_INSTALL", "active"),
                Arguments.of("newest-wins", "phone", "phone", "REPLACED_BY_NEWER_INSTALL", "active"),
                Arguments.of("newest-wins", "phone", "tablet", "REPLACED_BY_NEWER_INSTALL", "active"),
                Arguments.of("newest-wins", "tablet", "phone", "REPLACED_BY_NEWER_INSTALL", "active"),
                Arguments.of("many-active", "phone", "phone", "active", "active"),
                Arguments.of("many-active", "phone", "tablet", "active", "active"),
                Arguments.of("many-active", "tablet", "phone", "active", "active"));
    }

    /** Two installs of one user linked in turn: how each ends up, and the history names the rule that decided. */
    @ParameterizedTest(name = "{0}: {1} then {2}")
    @MethodSource("rules")
    void devicePolicyWhenTwoInstallsOfOneUserLinkThenTheAppsRuleDecides(String rule, String first, String second,
                                                                         String firstEnds, String secondEnds) throws Exception {
        TestApp app = TestApp.create(List.of("--device-policy", rule));
        JsonNode one = register(app, first);
        JsonNode two = register(app, second);

        link(app, one, "alice");
        link(app, two, "alice");

        assertEquals(firstEnds, activity(one));
        assertEquals(secondEnds, activity(two));
        JsonNode user = json("users", "show", "--app", app.id, "--external-id", "alice");
        for (JsonNode entry : user.get("history")) {
            boolean decided = List.of("ACTIVATED", "INACTIVE", "DEACTIVATED").contains(entry.get("event").asText());
            assertEquals(decided ? rule : null, entry.get("device_policy").isNull() ? null : entry.get("device_policy").asText(),
                    entry.toString());
        }
        String text = admin.run(0, "users", "show", "--app", app.id, "--external-id", "alice");
        assertTrue(text.contains(one.get("install_id").asText()) && text.contains(rule), text);
    }

    /** {@code users show} gives the newest entries of a history, as the lookup does, and says how to read further back. */
    @Test
    void usersShowWhenTheHistoryIsLongerThanTheLimitThenHistoryBeforeReadsTheOlderEntries() throws Exception {
        TestApp app = TestApp.create(List.of());
        link(app, register(app, "phone"), "alice");
        link(app, register(app, "phone"), "alice");
        JsonNode whole = json("users", "show", "--app", app.id, "--external-id", "alice").get("history");

        JsonNode newest = json("users", "show", "--app", app.id, "--external-id", "alice", "--history-limit", "2");
        String cursor = newest.get("history_before").asText();
        JsonNode older = json("users", "show", "--app", app.id, "--external-id", "alice", "--history-before", cursor);

        List<JsonNode> readBackwards = new ArrayList<>();
        older.get("history").forEach(readBackwards::add);
        newest.get("history").forEach(readBackwards::add);
        List<JsonNode> expected = new ArrayList<>();
        whole.forEach(expected::add);
        assertEquals(expected, readBackwards);
        assertEquals(2, newest.get("history").size());
        assertTrue(older.get("history_before").isNull(), older.toString());
        String text = admin.run(0, "users", "show", "--app", app.id, "--external-id", "alice", "--history-limit", "2");
        assertTrue(text.contains("--history-before " + cursor), text);
        String refused = admin.run(1, "users", "show", "--app", app.id, "--external-id", "alice", "--history-before", "x");
        assertTrue(refused.contains("--history-before must be a cursor"), refused);
    }

    /** An app made through the CLI, with an API key for its backend. */
    private record TestApp(String id, String secret, String apiKey) {
        static TestApp create(List<String> settings) throws Exception {
            List<String> arguments = new ArrayList<>(List.of("apps", "create", "--name", "settings test"));
            arguments.addAll(settings);
            JsonNode created = json(arguments.toArray(String[]::new));
            JsonNode key = json("keys", "create", "--app", created.get("app_id").asText(), "--scope", "user.link,user.read");
            return new TestApp(created.get("app_id").asText(), created.get("app_secret").asText(), key.get("api_key").asText());
        }
    }

    private static JsonNode register(TestApp app, String deviceClass) throws Exception {
        return ok(Http.send("POST", baseUrl.resolve("/v1/installs"), Http.basic(app.id, app.secret), "application/json",
                "{\"platform\": \"android\", \"device_class\": \"" + deviceClass + "\", \"sdk_version\": \"1.0\"}"));
    }

    private static HttpResponse<String> registerAccount(TestApp app, String body) throws Exception {
        return Http.send("POST", baseUrl.resolve("/v1/accounts"), "Bearer " + register(app, "phone").get("access_token").asText(),
                "application/json", body);
    }

    private static HttpResponse<String> signIn(TestApp app, String body) throws Exception {
        return Http.send("POST", baseUrl.resolve("/v1/accounts/sign-in"),
                "Bearer " + register(app, "phone").get("access_token").asText(), "application/json", body);
    }

    private static void link(TestApp app, JsonNode install, String externalId) throws Exception {
        ok(Http.send("POST", baseUrl.resolve("/v2/users/" + install.get("install_id").asText() + "/link"),
                "Bearer " + app.apiKey, "application/json", "{\"id\": \"" + externalId + "\"}"));
    }

    private static JsonNode redeem(TestApp app, JsonNode install, String externalId) throws Exception {
        String code = ok(Http.send("POST", baseUrl.resolve("/v1/auth-codes"), "Bearer " + app.apiKey, "application/json",
                "{\"external_id\": \"" + externalId + "\"}")).get("authentication_code").asText();
        return ok(Http.send("POST", baseUrl.resolve("/v1/users"), "Bearer " + install.get("access_token").asText(),
                "application/json", "{\"authentication_code\": \"" + code + "\"}"));
    }

    /** "active", or the reason the install is not, as its SDK reads it. */
    private static String activity(JsonNode install) throws Exception {
        JsonNode status = ok(Http.send("GET", baseUrl.resolve("/v1/installs/" + install.get("install_id").asText()),
                "Bearer " + install.get("access_token").asText(), null, null));
        return status.get("active").asBoolean() ? "active" : status.get("inactive_reason").asText();
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertTrue(response.statusCode() / 100 == 2, response.statusCode() + " " + response.body());
        return Http.json(response);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(String... args) throws Exception {
        List<String> withOutput = new ArrayList<>(List.of(args));
        withOutput.add("--output=json");
        return JSON.readTree(admin.run(0, withOutput.toArray(String[]::new)));
    }
}
