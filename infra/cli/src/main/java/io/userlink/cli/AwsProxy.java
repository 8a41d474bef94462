package io.userlink.cli;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Forwards AWS JSON-protocol calls (recognised by {@code X-Amz-Target}) that reach the local runtime's port
 * to DynamoDB Local or the local Secrets Manager, so one URL ({@code --endpoint}) serves the admin CLI as
 * both services. API clients never send {@code X-Amz-Target}, so no route is shadowed.
 */
final class AwsProxy {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final Map<String, URI> targets;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param targets endpoint by {@code X-Amz-Target} prefix, e.g. {@code DynamoDB_20120810.}
     */
    AwsProxy(Map<String, URI> targets) {
        this.targets = Map.copyOf(targets);
    }

    /** The endpoint for a request's {@code X-Amz-Target}, if it names a service the proxy serves. */
    Optional<URI> targetOf(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null) {
            return Optional.empty();
        }
        return targets.entrySet().stream().filter(e -> target.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst();
    }

    /** Forwards the exchange to {@code endpoint} and relays the answer. */
    int forward(HttpExchange exchange, URI endpoint) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(exchange.getRequestURI().getRawPath()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to " + endpoint, e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return response.statusCode();
    }
}
