package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.iam.AccessKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwa.AlgorithmConstraints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** `userlink serve` as a user starts it, driven over HTTP; the admin commands against it. */
@ExtendWith(SharedServe.class)
class ServeIT {

    private static final String REGISTRATION = "{\"platform\": \"android\", \"device_class\": \"phone\", \"sdk_version\": \"1.0.0\"}";

    @TempDir
    static Path directory;
    private static ServeProcess serve;
    private static Path credentialsFile;
    private static URI baseUrl;
    private static JsonNode credentials;

    @BeforeAll
    static void start(ServeProcess.Served served) throws Exception {
        serve = served.process();
        credentialsFile = served.credentialsFile();
        baseUrl = served.url();
        credentials = served.credentials();
    }

    @Test
    void serveWhenReadyThenWroteTheDemoCredentialsForItsOwnUrl() {
        assertEquals(baseUrl.toString(), credentials.get("base_url").asText());
        assertTrue(credentials.get("app_id").asText().startsWith("app-"));
        assertTrue(credentials.get("app_secret").asText().startsWith("uls_"));
        assertTrue(credentials.get("api_key").asText().startsWith("ulk_"));
        assertTrue(serve.stdout().contains("ready " + baseUrl), "one ready line");
    }

    @Test
    void registerWhenDemoCredentialsThenTokenVerifiesWithAnIndependentJoseLibraryAgainstTheServedJwks() throws Exception {
        // when
        HttpResponse<String> response = register(credentials.get("app_id").asText(), credentials.get("app_secret").asText());

        // then
        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = Http.json(response);
        JsonNode discovery = Http.json(Http.get(baseUrl.resolve("/.well-known/openid-configuration")));
        assertEquals(baseUrl.toString(), discovery.get("issuer").asText());
        HttpsJwks jwks = new HttpsJwks(discovery.get("jwks_uri").asText());
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setExpectedIssuer(baseUrl.toString())
                .setExpectedAudience(credentials.get("app_id").asText())
                .setRequireExpirationTime()
                .setRequireSubject()
                .setExpectedType(true, "at+jwt")
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .build();
        JwtClaims claims = consumer.processToClaims(body.get("access_token").asText());
        assertEquals(body.get("install_id").asText(), claims.getSubject());
        assertEquals("install", claims.getStringClaimValue("scope"));
        assertEquals(credentials.get("app_id").asText(), claims.getStringClaimValue("client_id"));
        assertTrue(serve.stdout().stream().anyMatch(line -> line.matches("POST /v1/installs 201 \\d+ ms")),
                "a request log line: " + serve.stdout());
    }

    static Stream<Arguments> badRequests() {
        String good = REGISTRATION;
        return Stream.of(
                Arguments.of("no auth", "POST", "/v1/installs", null, good, 401, "INVALID_CREDENTIALS"),
                Arguments.of("bad Basic header", "POST", "/v1/installs", "Basic !!!", good, 401, "INVALID_CREDENTIALS"),
                Arguments.of("wrong app secret", "POST", "/v1/installs", "WRONG_SECRET", good, 401, "INVALID_CREDENTIALS"),
                Arguments.of("unknown app", "POST", "/v1/installs", "UNKNOWN_APP", good, 401, "INVALID_CREDENTIALS"),
                Arguments.of("malformed JSON", "POST", "/v1/installs", "DEMO", "{\"platform\":", 400, "MALFORMED_BODY"),
                Arguments.of("wrong types", "POST", "/v1/installs", "DEMO", "{\"platform\": 1, \"device_class\": \"phone\", \"sdk_version\": \"1\"}", 400, "INVALID_FIELD"),
                Arguments.of("unknown enum value", "POST", "/v1/installs", "DEMO", "{\"platform\": \"ios\", \"device_class\": \"watch\", \"sdk_version\": \"1\"}", 400, "INVALID_FIELD"),
                Arguments.of("body over 64 KiB", "POST", "/v1/installs", "DEMO", "{\"pad\": \"" + "x".repeat(70_000) + "\"}", 413, "BODY_TOO_LARGE"),
                Arguments.of("unknown route", "GET", "/v1/nothing-here", null, null, 404, "ROUTE_NOT_FOUND"),
                Arguments.of("wrong method", "PUT", "/.well-known/jwks.json", null, null, 405, "METHOD_NOT_ALLOWED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void requestWhenBadThenProblemDocumentWithItsCode(String description, String method, String path, String auth,
                                                       String body, int status, String code) throws Exception {
        String appId = credentials.get("app_id").asText();
        String secret = credentials.get("app_secret").asText();
        String authorization = switch (String.valueOf(auth)) {
            case "DEMO" -> Http.basic(appId, secret);
            case "WRONG_SECRET" -> Http.basic(appId, secret.substring(0, 10) + "0" + secret.substring(11));
            case "UNKNOWN_APP" -> Http.basic("app-nosuchappnosuch", secret);
            case "null" -> null;
            default -> auth;
        };

        HttpResponse<String> response = Http.send(method, baseUrl.resolve(path), authorization,
                body == null ? null : "application/json", body);

        assertEquals(status, response.statusCode(), description + ": " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(code, Http.json(response).get("code").asText(), description);
    }

    @Test
    void adminCommandsWhenPointedAtTheRuntimeThenManageAppsAndKeys() throws Exception {
        String endpoint = "--endpoint=" + baseUrl;

        // apps create: the new app registers installs
        String created = cli("apps", "create", endpoint, "--name", "Second app");
        String appId = field(created, "app id");
        String firstSecret = field(created, "app secret");
        assertEquals(201, register(appId, firstSecret).statusCode());

        // apps secret rotate: old and new both work
        String rotated = field(cli("apps", "secret", "rotate", endpoint, "--app", appId), "app secret");
        assertEquals(201, register(appId, rotated).statusCode());
        assertEquals(201, register(appId, firstSecret).statusCode());

        // keys create / list / revoke / prune
        String key = field(cli("keys", "create", endpoint, "--app", appId, "--scope", "user.read,user.link",
                "--expires-in", "30d", "--name", "backend"), "API key");
        String keyId = key.substring(key.indexOf('.') + 1, key.lastIndexOf('_'));
        String listed = cli("keys", "list", endpoint, "--app", appId);
        assertTrue(listed.contains(keyId) && listed.contains("user.link,user.read") && listed.contains("active"), listed);
        assertTrue(!listed.contains(key), "a key is never listed, only its id");
        assertTrue(listed.contains("1 of at most 100 API keys; 0 revoked or expired"), listed);
        cli("keys", "revoke", endpoint, "--app", appId, "--key", keyId);
        String afterRevoke = cli("keys", "list", endpoint, "--app", appId);
        assertTrue(afterRevoke.contains("revoked") && afterRevoke.contains("1 of at most 100 API keys; 1 revoked or expired"),
                afterRevoke);
        assertEquals("removed " + keyId, cli("keys", "prune", endpoint, "--app", appId).strip());
        assertFalse(cli("keys", "list", endpoint, "--app", appId).contains(keyId));
        assertEquals("no revoked or expired API key to remove", cli("keys", "prune", endpoint, "--app", appId).strip());
    }

    @Test
    void signingKeysRotateWhenPointedAtTheRuntimeThenANewRingIsCurrentAndTheOldOnePrevious() throws Exception {
        try (SecretsManagerClient operator = LocalAwsClients.build(SecretsManagerClient.builder(), baseUrl,
                OperatorCredentials.read(credentialsFile))) {
            String before = versionHolding(operator, "AWSCURRENT");

            cli("signing-keys", "rotate", "--endpoint=" + baseUrl);

            assertNotEquals(before, versionHolding(operator, "AWSCURRENT"));
            assertEquals(before, versionHolding(operator, "AWSPREVIOUS"));
        }
    }

    private static String versionHolding(SecretsManagerClient client, String stage) {
        return SigningKeysCommand.holderOf(client.describeSecret(r -> r.secretId("userlink/key-ring")).versionIdsToStages(),
                stage).orElseThrow();
    }

    @Test
    void awsCallWhenUnsignedThenRefusedWithoutData() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(baseUrl)
                .header("X-Amz-Target", "secretsmanager.GetSecretValue").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\": \"userlink/key-ring\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("MissingAuthenticationTokenException"), response.body());
        assertFalse(response.body().contains("SecretString"), response.body());
    }

    @Test
    void awsCallWhenMadeUpCredentialsThenRefusedWithoutData() {
        try (SecretsManagerClient stranger = LocalAwsClients.build(SecretsManagerClient.builder(), baseUrl, AccessKey.longTerm())) {
            AwsServiceException refused = assertThrows(AwsServiceException.class,
                    () -> stranger.getSecretValue(r -> r.secretId("userlink/key-ring")));

            assertEquals("UnrecognizedClientException", refused.awsErrorDetails().errorCode());
        }
    }

    @Test
    void awsCallWhenTheOperatorReadsTheKeyRingThenAccessDenied() throws Exception {
        try (SecretsManagerClient operator = LocalAwsClients.build(SecretsManagerClient.builder(), baseUrl,
                OperatorCredentials.read(credentialsFile))) {
            AwsServiceException denied = assertThrows(AwsServiceException.class,
                    () -> operator.getSecretValue(r -> r.secretId("userlink/key-ring")));

            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        }
    }

    @Test
    void requestWhenHostIsAnotherNameThenNoRouteAndNoAwsCall() throws Exception {
        String route = raw("GET /.well-known/jwks.json HTTP/1.1\r\nHost: attacker.example:" + baseUrl.getPort()
                + "\r\nConnection: close\r\n\r\n");
        String aws = raw("POST / HTTP/1.1\r\nHost: rebound.example\r\nX-Amz-Target: secretsmanager.GetSecretValue\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");

        assertTrue(route.startsWith("HTTP/1.1 421"), route);
        assertTrue(route.contains("MISDIRECTED_REQUEST") && !route.contains("\"keys\""), route);
        assertTrue(aws.startsWith("HTTP/1.1 421"), aws);
    }

    @Test
    void serveWhenReadyThenServesItsDescriptionAndAnOfflineDocsPage() throws Exception {
        HttpResponse<String> description = Http.sendUnchecked("GET", baseUrl.resolve("/openapi.yaml"), null, null, null);
        HttpResponse<String> docs = Http.sendUnchecked("GET", baseUrl.resolve("/docs"), null, null, null);
        HttpResponse<String> swaggerUi = Http.sendUnchecked("GET", baseUrl.resolve("/docs/swagger-ui-bundle.js"), null, null, null);

        assertEquals(200, description.statusCode());
        assertTrue(description.body().startsWith("openapi: 3.1"), "the project's description");
        assertTrue(description.body().contains("url: " + baseUrl), "this runtime is its first server");
        assertEquals(200, docs.statusCode());
        assertTrue(docs.body().contains("/docs/swagger-ui-bundle.js") && !docs.body().contains("https://"), "no CDN");
        assertEquals(200, swaggerUi.statusCode());
        assertTrue(swaggerUi.body().length() > 100_000);
    }

    @Test
    void requestWhenItsLineCannotBeParsedThenAProblemDocumentAsApiGatewayRefusesIt() throws Exception {
        String host = "Host: 127.0.0.1:" + baseUrl.getPort() + "\r\nConnection: close\r\n";
        for (String request : List.of("GET /%zz HTTP/1.1\r\n" + host + "\r\n", "GET /v1/\u00e9 HTTP/1.1\r\n" + host + "\r\n",
                "NOT A REQUEST LINE\r\n\r\n")) {
            String answer = raw(request);

            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("application/problem+json") && answer.contains("\"code\":\"MALFORMED_REQUEST\""), answer);
            assertFalse(answer.contains("Exception") || answer.contains("<html"), answer);
        }
    }

    @Test
    void requestWhenItsHeadersExceedApiGatewaysQuotaThenA431ProblemNotADroppedConnection() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 800; i++) {
            headers.append("X-Header-").append(i).append(": value\r\n");
        }

        String answer = raw("GET /v1/installs HTTP/1.1\r\nHost: 127.0.0.1:" + baseUrl.getPort() + "\r\n" + headers
                + "Connection: close\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 431"), answer);
        assertTrue(answer.contains("\"code\":\"REQUEST_HEADERS_TOO_LARGE\""), answer);
    }

    @Test
    void requestWhenItsBodyExceedsApiGatewaysPayloadQuotaThenA413ProblemBeforeAnyFunction() throws Exception {
        String body = "x".repeat(LocalHttpApi.MAX_PAYLOAD_BYTES + 1);

        HttpResponse<String> answer = Http.send("POST", baseUrl.resolve("/v1/installs"), "Basic bm8tb25lOm5vdGhpbmc=",
                "application/json", body);

        assertEquals(413, answer.statusCode());
        assertTrue(answer.body().contains("\"code\":\"BODY_TOO_LARGE\"") && answer.body().contains("API Gateway's quota"),
                answer.body());
    }

    @Test
    void headWhenTheRouteIsGetOnlyThenA405WithAllowAndNoBody() throws Exception {
        String answer = raw("HEAD /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1:" + baseUrl.getPort()
                + "\r\nConnection: close\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 405"), answer);
        assertTrue(answer.contains("Allow: GET"), answer);
        assertTrue(answer.endsWith("\r\n\r\n"), "no body after the headers: " + answer);
    }

    @Test
    void serveWhenPortBusyThenSaysSoAndExits() throws Exception {
        try (ServeProcess second = ServeProcess.start("serve", "--port", String.valueOf(baseUrl.getPort()),
                "--credentials-file", directory.resolve("other.json").toString())) {
            assertEquals(1, second.awaitExit(Duration.ofSeconds(30)));
            assertTrue(second.stderr().contains("already in use"), second.stderr());
        }
    }

    @Test
    void serveWhenTemplateUnreadableThenSaysWhich() throws Exception {
        try (ServeProcess broken = ServeProcess.start("serve", "--port", "0", "--template", "/nonexistent/template.yaml")) {
            assertEquals(1, broken.awaitExit(Duration.ofSeconds(30)));
            assertTrue(broken.stderr().contains("/nonexistent/template.yaml"), broken.stderr());
        }
    }

    /** A request as bytes on a socket: the way to send a Host header of one's choosing. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket(baseUrl.getHost(), baseUrl.getPort())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.setSoTimeout(10_000);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> register(String appId, String secret) throws Exception {
        return Http.send("POST", baseUrl.resolve("/v1/installs"), Http.basic(appId, secret), "application/json", REGISTRATION);
    }

    /** The admin command, signing as the operator whose key this runtime wrote to its credentials file. */
    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> withCredentials = new ArrayList<>(List.of(args));
        withCredentials.add("--credentials-file=" + credentialsFile);
        int status = UserlinkCli.run(withCredentials.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, List.of(args) + ": " + err);
        return out.toString();
    }

    private static String field(String output, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+(\\S+)").matcher(output);
        assertTrue(matcher.find(), label + " in " + output);
        return matcher.group(1);
    }
}
