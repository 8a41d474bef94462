package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.support.ApiContract;
import io.userlink.support.Events;
import io.userlink.support.Tampered;
import io.userlink.support.TestUserlink;
import io.userlink.support.TestUserlink.TestApp;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bad-input set of POST /v1/installs: every case a 4xx problem with a stable code, never a 500. */
class RegisterInstallBadInputIT {

    private static TestUserlink userlink;
    private static TestApp app;
    private static TestApp otherApp;
    private static RegisterInstallHandler handler;

    @BeforeAll
    static void setUp() {
        userlink = TestUserlink.local();
        app = userlink.createApp();
        otherApp = userlink.createApp();
        handler = new RegisterInstallHandler(userlink.components());
    }

    static Stream<Arguments> credentialFailures() {
        return Stream.of(
                Arguments.of("no Authorization header", null),
                Arguments.of("a Bearer token instead of Basic", "Bearer abc"),
                Arguments.of("Basic that is not base64", "Basic %%%not-base64%%%"),
                Arguments.of("Basic without a colon", "Basic " + b64("app-abc")),
                Arguments.of("an app secret with a wrong checksum", "Basic " + b64(app.appId() + ":"
                        + Tampered.lastCharacter(app.appSecret()))),
                Arguments.of("another app's secret", "Basic " + b64(app.appId() + ":" + otherApp.appSecret())),
                Arguments.of("an unknown app", "Basic " + b64("app-nosuchappnosuch:" + app.appSecret())),
                Arguments.of("the app secret under another app id", "Basic " + b64(otherApp.appId() + ":" + app.appSecret())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentialFailures")
    void registerWhenCredentialsFailThenAnswersTheOneIdentical401(String description, String authorization) {
        // given
        APIGatewayV2HTTPEvent event = Events.withHeader(Events.load("register-install.json"), "authorization", authorization);

        // when
        APIGatewayV2HTTPResponse response = ApiContract.invoke(handler, event);

        // then
        assertEquals(401, response.getStatusCode(), description);
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        assertEquals(Map.of(
                "type", "urn:userlink:problem:invalid-credentials",
                "title", "Invalid credentials",
                "status", 401,
                "detail", "The request lacks valid credentials for this route.",
                "code", "INVALID_CREDENTIALS"), Events.body(response), description);
    }

    @Test
    void registerWhenCredentialsFailThenTheBodyIsNotEvenRead() {
        // given: a body that would be 413 and malformed
        APIGatewayV2HTTPEvent event = Events.withBody(Events.withHeader(Events.load("register-install.json"),
                "authorization", null), "{".repeat(70_000));

        // when / then
        assertEquals(401, ApiContract.invoke(handler, event).getStatusCode());
    }

    static Stream<Arguments> bodyFailures() {
        String valid = "\"platform\": \"ios\", \"device_class\": \"phone\", \"sdk_version\": \"1.0\"";
        return Stream.of(
                Arguments.of("not JSON", "platform=ios", 400, "MALFORMED_BODY"),
                Arguments.of("truncated JSON", "{\"platform\": ", 400, "MALFORMED_BODY"),
                Arguments.of("a JSON array", "[]", 400, "MALFORMED_BODY"),
                Arguments.of("a JSON string", "\"ios\"", 400, "MALFORMED_BODY"),
                Arguments.of("duplicate keys", "{\"platform\": \"ios\", \"platform\": \"android\"}", 400, "MALFORMED_BODY"),
                Arguments.of("an empty body", "", 400, "MALFORMED_BODY"),
                Arguments.of("a second object after the first", "{" + valid + "} {\"platform\": \"android\"}", 400,
                        "MALFORMED_BODY"),
                Arguments.of("platform missing", "{\"device_class\": \"phone\", \"sdk_version\": \"1\"}", 400, "INVALID_FIELD"),
                Arguments.of("platform a number", "{\"platform\": 7, \"device_class\": \"phone\", \"sdk_version\": \"1\"}", 400, "INVALID_FIELD"),
                Arguments.of("platform unknown", "{\"platform\": \"symbian\", \"device_class\": \"phone\", \"sdk_version\": \"1\"}", 400, "INVALID_FIELD"),
                Arguments.of("platform upper case", "{\"platform\": \"IOS\", \"device_class\": \"phone\", \"sdk_version\": \"1\"}", 400, "INVALID_FIELD"),
                Arguments.of("device_class unknown", "{\"platform\": \"ios\", \"device_class\": \"watch\", \"sdk_version\": \"1\"}", 400, "INVALID_FIELD"),
                Arguments.of("device_class an object", "{\"platform\": \"ios\", \"device_class\": {}, \"sdk_version\": \"1\"}", 400, "INVALID_FIELD"),
                Arguments.of("sdk_version a boolean", "{\"platform\": \"ios\", \"device_class\": \"phone\", \"sdk_version\": true}", 400, "INVALID_FIELD"),
                Arguments.of("sdk_version empty", "{\"platform\": \"ios\", \"device_class\": \"phone\", \"sdk_version\": \"\"}", 400, "INVALID_FIELD"),
                Arguments.of("sdk_version overlong", "{" + valid.replace("\"1.0\"", "\"" + "9".repeat(65) + "\"") + "}", 400, "INVALID_FIELD"),
                Arguments.of("device_model with a control character", "{" + valid + ", \"device_model\": \"Pixel\\u0000\"}", 400, "INVALID_FIELD"),
                Arguments.of("device_model a list", "{" + valid + ", \"device_model\": [\"Pixel\"]}", 400, "INVALID_FIELD"),
                Arguments.of("a body over 64 KiB", "{" + valid + ", \"pad\": \"" + "x".repeat(65 * 1024) + "\"}", 413, "BODY_TOO_LARGE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyFailures")
    void registerWhenBodyIsBadThenAnswersA4xxProblemNamingIt(String description, String body, int status, String code) {
        // given
        APIGatewayV2HTTPEvent event = Events.withBody(
                Events.withBasicAuth(Events.load("register-install.json"), app.appId(), app.appSecret()), body);

        // when
        APIGatewayV2HTTPResponse response = ApiContract.invoke(handler, event);

        // then
        assertEquals(status, response.getStatusCode(), description + ": " + response.getBody());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        Map<String, Object> problem = Events.body(response);
        assertEquals(code, problem.get("code"), description);
        assertEquals(status, problem.get("status"));
        assertFalse(response.getBody().contains("Exception"), "no exception names or traces: " + response.getBody());
        assertFalse(response.getBody().contains("\tat "), "no stack trace");
        if (code.equals("INVALID_FIELD")) {
            assertTrue(((String) problem.get("detail")).contains("`"), "the detail names the field: " + problem.get("detail"));
        }
    }

    private static String b64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
