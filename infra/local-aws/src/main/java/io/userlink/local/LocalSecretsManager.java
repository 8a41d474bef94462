package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A Secrets Manager endpoint on 127.0.0.1 that the real AWS SDK client talks to (AWS JSON 1.1 protocol).
 * It implements the operations Userlink uses, with version stages ({@code AWSCURRENT}, {@code AWSPREVIOUS},
 * {@code AWSPENDING}) as the rotation protocol needs them, and {@code RotateSecret}, which runs a registered
 * rotation function's four steps before it answers (the service runs them afterwards). Signatures are not
 * checked: it serves loopback only. With a state file, secrets survive restarts.
 */
public final class LocalSecretsManager implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "secretsmanager.";

    private static final List<String> READ_ONLY = List.of("GetSecretValue", "DescribeSecret", "ListSecrets");
    private static final List<String> ROTATION_STEPS = List.of("createSecret", "setSecret", "testSecret", "finishSecret");

    private final HttpServer server;
    private final ExecutorService executor;
    private final SecretVault vault = new SecretVault();
    private final Map<String, Consumer<Map<String, String>>> rotationFunctions = new ConcurrentHashMap<>();
    private final Path stateFile;

    private LocalSecretsManager(HttpServer server, ExecutorService executor, Path stateFile) {
        this.server = server;
        this.executor = executor;
        this.stateFile = stateFile;
    }

    /** Starts the endpoint on a free loopback port, keeping secrets in memory. */
    public static LocalSecretsManager start() {
        return start(null);
    }

    /**
     * Starts the endpoint on a free loopback port.
     *
     * @param stateFile where secrets are kept across restarts; null keeps them in memory
     * @throws IllegalStateException when the state file is unreadable
     */
    public static LocalSecretsManager start(Path stateFile) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            LocalSecretsManager endpoint = new LocalSecretsManager(server, executor, stateFile);
            if (stateFile != null && Files.exists(stateFile)) {
                endpoint.vault.restore(JSON.readTree(stateFile.toFile()));
            }
            server.createContext("/", endpoint::handle);
            server.setExecutor(executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local Secrets Manager: " + e.getMessage(), e);
        }
    }

    /** The endpoint URL to give the SDK client ({@code endpointOverride}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }


    /**
     * Registers the rotation function of a secret: {@code RotateSecret} calls it with the event Secrets
     * Manager sends a rotation Lambda ({@code SecretId}, {@code ClientRequestToken}, {@code Step}) once
     * per step.
     */
    public void onRotation(String secretName, Consumer<Map<String, String>> rotationFunction) {
        rotationFunctions.put(secretName, rotationFunction);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                reply(exchange, 400, error("InvalidRequestException", "expected a POST with X-Amz-Target secretsmanager.*"));
                return;
            }
            String operation = target.substring(TARGET_PREFIX.length());
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                request = JSON.readTree(body);
            }
            try {
                reply(exchange, 200, perform(operation, request == null ? JSON.createObjectNode() : request));
            } catch (SecretVault.ServiceError e) {
                reply(exchange, 400, error(e.type(), e.getMessage()));
            } catch (RuntimeException e) {
                reply(exchange, 500, error("InternalServiceError", String.valueOf(e.getMessage())));
            }
        }
    }

    private JsonNode perform(String operation, JsonNode request) throws SecretVault.ServiceError, IOException {
        Consumer<Map<String, String>> rotationFunction = null;
        if (operation.equals("RotateSecret")) {
            rotationFunction = rotationFunctions.get(vault.name(request));
            if (rotationFunction == null) {
                throw new SecretVault.ServiceError("InvalidRequestException",
                        "No Lambda rotation function ARN is associated with this secret.");
            }
        }
        JsonNode response = vault.perform(operation, request);
        persist(operation);
        if (rotationFunction != null) {
            // Outside the vault's lock: the rotation function calls this endpoint back.
            SecretVault.StagedRotation rotation = SecretVault.stagedRotation(response);
            for (String step : ROTATION_STEPS) {
                rotationFunction.accept(Map.of("SecretId", response.get("ARN").asText(),
                        "ClientRequestToken", rotation.token(), "Step", step));
            }
        }
        return response;
    }

    private synchronized void persist(String operation) throws IOException {
        if (stateFile != null && !READ_ONLY.contains(operation)) {
            Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), vault.snapshot());
            Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", type);
        error.put("message", message);
        return error;
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
