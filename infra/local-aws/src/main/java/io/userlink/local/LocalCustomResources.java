package io.userlink.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * CloudFormation's side of a template's custom resources. A deployment sends a resource's function a request (Create
 * when the stack does not have the resource yet, Update when its properties changed, nothing when they did not), and
 * the function must PUT its response to the request's presigned {@code ResponseURL}: here a path of the local
 * account's endpoint, checked as CloudFormation checks it. What was created persists with the data directory, as a
 * stack remembers its resources, so a data directory made before a resource existed gets its Create, as a stack
 * update does.
 *
 * <p>Not emulated: Delete (the local runtime never removes a resource or deletes the stack) and the wait for a
 * response that never comes, which CloudFormation ends after the resource's {@code ServiceTimeout}; here the
 * deployment fails at once, after the invocation and Lambda's two retries of an asynchronous invocation.
 */
public final class LocalCustomResources {

    /** The path of the local account's endpoint that stands in for CloudFormation's presigned S3 URLs. */
    public static final String RESPONSE_PATH = "/cloudformation-custom-resource-responses/";
    /** The local stack's id, in the form CloudFormation gives stacks. */
    public static final String STACK_ID = "arn:aws:cloudformation:" + LocalDeployment.REGION + ":"
            + LocalDeployment.ACCOUNT_ID + ":stack/" + LocalDeployment.STACK_NAME + "/local";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE_BYTES = 4_096;
    /** Lambda retries an asynchronous invocation twice when the function fails, as CloudFormation invokes it. */
    private static final int INVOCATIONS = 3;

    /** A custom resource the stack has: its physical id and the properties it was created or last updated with. */
    record Created(String physicalResourceId, Map<String, String> properties) {}

    private final Path stateFile;
    private final Map<String, Created> created;
    private final Map<String, JsonNode> responses = new ConcurrentHashMap<>();

    private LocalCustomResources(Path stateFile, Map<String, Created> created) {
        this.stateFile = stateFile;
        this.created = created;
    }

    /**
     * Opens the custom resources kept in {@code stateFile}, or starts with none.
     *
     * @param stateFile where they are kept across restarts; null keeps them in memory
     */
    static LocalCustomResources open(Path stateFile) {
        Map<String, Created> created = new LinkedHashMap<>();
        if (stateFile != null && Files.exists(stateFile)) {
            try {
                created.putAll(JSON.readValue(stateFile.toFile(), new TypeReference<Map<String, Created>>() { }));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the local custom resources in " + stateFile + ": " + e.getMessage(), e);
            }
        }
        return new LocalCustomResources(stateFile, created);
    }

    /**
     * Sends a custom resource the request a deployment would, if any, through {@code invoke} (the function named by its
     * {@code ServiceToken}, invoked with the request's JSON), and waits for its response.
     *
     * @param endpoint the local account's endpoint, which receives the response
     * @param properties the resource's properties, resolved, {@code ServiceToken} among them
     * @throws IllegalStateException when the function answers FAILED, answers what CloudFormation refuses, or does
     *     not answer; the message says what CloudFormation would show in the stack's events
     */
    public synchronized void deploy(String logicalId, String resourceType, Map<String, String> properties, URI endpoint,
                                    Consumer<Map<String, Object>> invoke) {
        Created existing = created.get(logicalId);
        if (existing != null && existing.properties().equals(properties)) {
            return;
        }
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("RequestType", existing == null ? "Create" : "Update");
        request.put("ServiceToken", properties.get("ServiceToken"));
        request.put("ResponseURL", endpoint.resolve(RESPONSE_PATH + requestId) + "?X-Amz-Signature=local");
        request.put("StackId", STACK_ID);
        request.put("RequestId", requestId);
        request.put("LogicalResourceId", logicalId);
        request.put("ResourceType", resourceType);
        request.put("ResourceProperties", properties);
        if (existing != null) {
            request.put("PhysicalResourceId", existing.physicalResourceId());
            request.put("OldResourceProperties", existing.properties());
        }
        RuntimeException lastFailure = null;
        for (int invocation = 0; invocation < INVOCATIONS && !responses.containsKey(requestId); invocation++) {
            try {
                invoke.accept(request);
            } catch (RuntimeException e) {
                lastFailure = e;
            }
        }
        JsonNode response = responses.remove(requestId);
        if (response == null) {
            throw new IllegalStateException(logicalId + ": the function sent no response to " + request.get("RequestType")
                    + " (CloudFormation would wait for the resource's ServiceTimeout, then fail the deployment)"
                    + (lastFailure == null ? "" : ": " + lastFailure), lastFailure);
        }
        String physicalResourceId = check(logicalId, requestId, response);
        created.put(logicalId, new Created(physicalResourceId, Map.copyOf(properties)));
        persist();
    }

    /** Receives a response at {@link #RESPONSE_PATH}, as S3 stores it for CloudFormation. */
    void receive(HttpExchange exchange) throws IOException {
        String requestId = exchange.getRequestURI().getPath().substring(RESPONSE_PATH.length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("PUT")) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            // CloudFormation fails the resource: "Response object is too long."
            responses.put(requestId, JSON.createObjectNode().put("Status", "FAILED")
                    .put("Reason", "Response object is too long (" + body.length + " bytes; at most " + MAX_RESPONSE_BYTES + ")"));
        } else {
            try {
                responses.put(requestId, JSON.readTree(body));
            } catch (IOException e) {
                responses.put(requestId, JSON.createObjectNode().put("Status", "FAILED")
                        .put("Reason", "Invalid response object: " + e.getMessage()));
            }
        }
        exchange.sendResponseHeaders(200, -1);
    }

    /** The physical id of a SUCCESS response. */
    private static String check(String logicalId, String requestId, JsonNode response) {
        String status = response.path("Status").asText();
        if (status.equals("FAILED")) {
            throw new IllegalStateException(logicalId + ": the custom resource failed: " + response.path("Reason").asText());
        }
        for (Map.Entry<String, String> member : Map.of("StackId", STACK_ID, "RequestId", requestId,
                "LogicalResourceId", logicalId).entrySet()) {
            if (!Objects.equals(response.path(member.getKey()).asText(null), member.getValue())) {
                throw new IllegalStateException(logicalId + ": the custom resource's response names another "
                        + member.getKey() + " than its request: " + response.path(member.getKey()));
            }
        }
        String physicalResourceId = response.path("PhysicalResourceId").asText("");
        if (!status.equals("SUCCESS") || physicalResourceId.isBlank()) {
            throw new IllegalStateException(logicalId + ": Invalid response object: a response needs Status SUCCESS or"
                    + " FAILED and a PhysicalResourceId; it had " + response);
        }
        return physicalResourceId;
    }

    private void persist() {
        if (stateFile == null) {
            return;
        }
        try {
            Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), created);
            Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local custom resources in " + stateFile + ": " + e.getMessage(), e);
        }
    }
}
