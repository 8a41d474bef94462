package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.userlink.json.Json;
import io.userlink.secrets.KeyRingRotation;
import io.userlink.secrets.SecretsManagerPublicKeysStore;
import io.userlink.support.CallRecorder;
import io.userlink.support.MutableClock;
import io.userlink.support.RecordingContext;
import io.userlink.support.TestAws;
import io.userlink.token.KeyRing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The key ring's rotation function as CloudFormation invokes it for the {@code PublicKeysPublication} custom resource:
 * against the local Secrets Manager, its response PUT to a presigned URL stood in for by a local HTTP server.
 */
class RotateKeyRingHandlerIT {

    private static final String PLACEHOLDER = "{\"placeholder\": \"x\"}";

    private final List<Received> responses = new CopyOnWriteArrayList<>();
    private SecretsManagerClient secretsManager;
    private String ringId;
    private String publicKeysId;
    private HttpServer responseUrls;
    private int responseStatus = 200;

    private record Received(String method, String contentType, Map<String, Object> document) {}

    @BeforeEach
    void setUp() throws IOException {
        secretsManager = TestAws.secretsManager(TestAws.local().endpoint(), TestAws.harnessKey(), new CallRecorder());
        ringId = "ring-" + UUID.randomUUID();
        publicKeysId = ringId + "-public-keys";
        secretsManager.createSecret(r -> r.name(publicKeysId).secretString(PLACEHOLDER));
        responseUrls = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responseUrls.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            responses.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    Json.parseTrustedObject(new String(body, StandardCharsets.UTF_8))));
            exchange.sendResponseHeaders(responseStatus, -1);
            exchange.close();
        });
        responseUrls.start();
    }

    @AfterEach
    void tearDown() {
        responseUrls.stop(0);
        secretsManager.close();
    }

    @Test
    void createWhenTheRingPredatesThePublicKeysThenWritesThemAndAnswersSuccess() throws IOException {
        // given: a stack deployed before the public keys secret existed, updated to add it
        KeyRing ring = givenARing();

        // when
        invoke(request("Create"));

        // then
        assertEquals(ring.publicKeys(), publicKeys().publicKeys());
        Received response = responses.getFirst();
        assertEquals("PUT", response.method());
        assertNull(response.contentType(), "the presigned URL's signature covers no content type");
        assertEquals("SUCCESS", response.document().get("Status"));
        assertEquals("arn:aws:cloudformation:us-east-1:000000000000:stack/userlink/1/PublicKeysPublication",
                response.document().get("PhysicalResourceId"));
        assertEquals("request-1", response.document().get("RequestId"));
        assertEquals("PublicKeysPublication", response.document().get("LogicalResourceId"));
        assertEquals("arn:aws:cloudformation:us-east-1:000000000000:stack/userlink/1", response.document().get("StackId"));
        assertEquals(1, responses.size());
    }

    @Test
    void createWhenTheRingIsThePlaceholderThenWritesNothingAndAnswersSuccess() throws IOException {
        // given: a new stack, whose first rotation writes both
        secretsManager.createSecret(r -> r.name(ringId).secretString(PLACEHOLDER));

        // when
        invoke(request("Create"));

        // then
        assertEquals(PLACEHOLDER, secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).secretString());
        assertEquals("SUCCESS", responses.getFirst().document().get("Status"));
        assertTrue(String.valueOf(responses.getFirst().document().get("Reason")).contains("first rotation"));
    }

    @Test
    void updateThenKeepsThePhysicalIdCloudFormationGaveSoNothingIsReplaced() throws IOException {
        // given
        givenARing();

        // when
        invoke(request("Update", "given-at-create"));

        // then
        assertEquals("SUCCESS", responses.getFirst().document().get("Status"));
        assertEquals("given-at-create", responses.getFirst().document().get("PhysicalResourceId"));
    }

    @Test
    void deleteThenTouchesNoSecretAndAnswersSuccess() throws IOException {
        // given: deleting the resource (or the stack) must not undo what it did
        givenARing();

        // when
        invoke(request("Delete", "given-at-create"));

        // then
        assertEquals(PLACEHOLDER, secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).secretString());
        assertEquals("SUCCESS", responses.getFirst().document().get("Status"));
        assertEquals("given-at-create", responses.getFirst().document().get("PhysicalResourceId"));
    }

    @Test
    void createWhenTheRingIsDamagedThenAnswersFailedWithoutKeyMaterialAndTheInvocationSucceeds() throws IOException {
        // given: a ring holding a private key but no next key
        KeyRing ring = KeyRing.generate(new SecureRandom());
        Map<String, Object> damaged = new LinkedHashMap<>(ring.toSecretJson());
        damaged.remove("next");
        secretsManager.createSecret(r -> r.name(ringId).secretString(Json.write(damaged)));

        // when: the invocation itself succeeds, so that Lambda does not retry what will fail again
        invoke(request("Create"));

        // then
        Map<String, Object> response = responses.getFirst().document();
        assertEquals("FAILED", response.get("Status"));
        String reason = String.valueOf(response.get("Reason"));
        assertTrue(reason.startsWith("IllegalArgumentException: "), reason);
        assertTrue(reason.endsWith("(log stream 2026/12/05/[$LATEST]stream)"), reason);
        String privateExponent = ring.current().toJSONObject().get("d").toString();
        assertFalse(reason.contains(privateExponent.substring(0, 16)), "no key material in the stack's events");
        assertFalse(reason.contains(Json.write(damaged).substring(0, 40)));
        assertEquals(PLACEHOLDER, secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).secretString());
    }

    @Test
    void createWhenTheResponseIsRefusedThenTheInvocationFailsSoLambdaRetriesIt() {
        // given
        secretsManager.createSecret(r -> r.name(ringId).secretString(PLACEHOLDER));
        responseStatus = 403;

        // when / then
        IOException failed = assertThrows(IOException.class, () -> invoke(request("Create")));
        assertTrue(failed.getMessage().contains("403"), failed.getMessage());
    }

    @Test
    void createWhenTheEventLacksAMemberThenRefusedBeforeAnyWork() {
        // given
        Map<String, Object> request = request("Create");
        request.remove("RequestId");

        // when / then
        assertThrows(IllegalArgumentException.class, () -> invoke(request));
        assertEquals(List.of(), responses);
    }

    private KeyRing givenARing() {
        KeyRing ring = KeyRing.generate(new SecureRandom());
        secretsManager.createSecret(r -> r.name(ringId).secretString(Json.write(ring.toSecretJson())));
        return ring;
    }

    /** A request for the resource Create named {@code physicalResourceId}, as Update and Delete carry it. */
    private Map<String, Object> request(String requestType, String physicalResourceId) {
        Map<String, Object> request = request(requestType);
        request.put("PhysicalResourceId", physicalResourceId);
        return request;
    }

    private Map<String, Object> request(String requestType) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("RequestType", requestType);
        request.put("ServiceToken", "arn:aws:lambda:us-east-1:000000000000:function:userlink-RotateKeyRingFunction");
        request.put("ResponseURL", "http://127.0.0.1:" + responseUrls.getAddress().getPort() + "/responses/request-1?X-Amz-Signature=s");
        request.put("StackId", "arn:aws:cloudformation:us-east-1:000000000000:stack/userlink/1");
        request.put("RequestId", "request-1");
        request.put("LogicalResourceId", "PublicKeysPublication");
        request.put("ResourceType", "Custom::PublicKeysPublication");
        request.put("ResourceProperties", Map.of("ServiceToken", request.get("ServiceToken")));
        return request;
    }

    private void invoke(Map<String, Object> event) throws IOException {
        KeyRingRotation rotation = new KeyRingRotation(secretsManager, new SecureRandom(), ringId, publicKeysId);
        RotateKeyRingHandler handler = new RotateKeyRingHandler(rotation,
                CustomResourceRequest.overHttp(Duration.ofSeconds(5)));
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new RecordingContext("2026/12/05/[$LATEST]stream"));
    }

    private SecretsManagerPublicKeysStore publicKeys() {
        return new SecretsManagerPublicKeysStore(secretsManager, publicKeysId, Duration.ofSeconds(1), MutableClock.atNow());
    }
}
