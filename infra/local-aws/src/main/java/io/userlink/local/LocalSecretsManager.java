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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Secrets Manager endpoint on 127.0.0.1 that the real AWS SDK client talks to (AWS JSON 1.1 protocol).
 * It implements the operations Userlink uses, with version stages ({@code AWSCURRENT}, {@code AWSPREVIOUS},
 * {@code AWSPENDING}) as the rotation protocol needs them. Signatures are not checked: it serves loopback only.
 */
public final class LocalSecretsManager implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "secretsmanager.";

    private final HttpServer server;
    private final ExecutorService executor;
    private final SecretVault vault = new SecretVault();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    private LocalSecretsManager(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts the endpoint on a free loopback port. */
    public static LocalSecretsManager start() {
        return start(0);
    }

    /**
     * Starts the endpoint on a loopback port (0 picks a free one).
     *
     * @throws IllegalStateException when the port is taken
     */
    public static LocalSecretsManager start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            LocalSecretsManager endpoint = new LocalSecretsManager(server, executor);
            server.createContext("/", endpoint::handle);
            server.setExecutor(executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local Secrets Manager on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint URL to give the SDK client ({@code endpointOverride}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests of an operation (e.g. {@code GetSecretValue}) this endpoint has answered. */
    public long callCount(String operation) {
        AtomicLong count = calls.get(operation);
        return count == null ? 0 : count.get();
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
            calls.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                request = JSON.readTree(body);
            }
            try {
                reply(exchange, 200, vault.perform(operation, request == null ? JSON.createObjectNode() : request));
            } catch (SecretVault.ServiceError e) {
                reply(exchange, 400, error(e.type(), e.getMessage()));
            }
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
