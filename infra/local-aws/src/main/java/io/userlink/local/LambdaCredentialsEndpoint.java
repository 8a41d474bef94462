package io.userlink.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.userlink.local.iam.AccessKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What Lambda serves a SnapStart function instead of credential variables: its execution role's credentials
 * at {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}, to a request that presents the function's
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. One URL for all functions; the token says which. The local runtime and
 * the benchmarks that stand in for a SnapStart restore give their functions credentials through it, so that a restored
 * function's first call fetches them as on Lambda.
 */
public final class LambdaCredentialsEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration VALIDITY = Duration.ofHours(6);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CREDENTIALS_PATH = "/2021-04-23/credentials";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, AccessKey> keysByToken = new ConcurrentHashMap<>();

    private LambdaCredentialsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts the endpoint on a free loopback port. */
    public static LambdaCredentialsEndpoint start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            LambdaCredentialsEndpoint endpoint = new LambdaCredentialsEndpoint(server);
            server.createContext("/", endpoint::handle);
            server.setExecutor(endpoint.executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local Lambda credentials endpoint: " + e.getMessage(), e);
        }
    }

    /**
     * The variables through which Lambda gives a SnapStart function its execution role's credentials {@code key}:
     * where to fetch them, and the token that names the function, served here from now on.
     */
    public Map<String, String> serve(AccessKey key) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        keysByToken.put(token, key);
        return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + server.getAddress().getPort()
                + CREDENTIALS_PATH, "AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
    }

    /**
     * The variables through which Lambda gives a function without SnapStart its execution role's credentials
     * {@code key}, for the life of its execution environment.
     */
    public static Map<String, String> keyVariables(AccessKey key) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_ACCESS_KEY_ID", key.id());
        variables.put("AWS_SECRET_ACCESS_KEY", key.secret());
        key.sessionToken().ifPresent(sessionToken -> variables.put("AWS_SESSION_TOKEN", sessionToken));
        return variables;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            AccessKey key = token == null ? null : keysByToken.get(token);
            if (key == null) {
                reply(exchange, 401, Map.of("message", "missing or unknown authorization token"));
            } else if (!"GET".equals(exchange.getRequestMethod()) || !CREDENTIALS_PATH.equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 404, Map.of("message", "no credentials here"));
            } else {
                Map<String, String> credentials = new LinkedHashMap<>();
                credentials.put("AccessKeyId", key.id());
                credentials.put("SecretAccessKey", key.secret());
                key.sessionToken().ifPresent(sessionToken -> credentials.put("Token", sessionToken));
                credentials.put("Expiration", Instant.now().plus(VALIDITY).toString());
                reply(exchange, 200, credentials);
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
