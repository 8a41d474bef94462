package io.userlink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.userlink.local.AwsGateway;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * API Gateway's HTTP API, locally: each request on 127.0.0.1 becomes the payload 2.0 event API Gateway
 * would send, goes to the function of its route, and the function's response becomes the HTTP response.
 * AWS calls (DynamoDB and Secrets Manager, told apart by {@code X-Amz-Target}) go to the local AWS gateway,
 * which checks their signature and permissions. Only requests whose {@code Host} names this server (its
 * loopback address or {@code localhost} with its port, or a name allowed explicitly) are answered, so a web
 * page that rebinds its own DNS name to 127.0.0.1 reaches nothing. One request log line per request:
 * method, path, status, milliseconds.
 */
final class LocalHttpApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final PrintStream requestLog;
    private final Set<String> allowedHosts;
    private RouteTable routes;
    private Function<String, LambdaFunction> functions;
    private AwsGateway gateway;

    private LocalHttpApi(HttpServer server, PrintStream requestLog, Set<String> extraHosts) {
        this.server = server;
        this.requestLog = requestLog;
        int port = server.getAddress().getPort();
        Set<String> hosts = new LinkedHashSet<>(List.of("127.0.0.1:" + port, "localhost:" + port));
        extraHosts.forEach(host -> hosts.add(host.toLowerCase(Locale.ROOT)));
        this.allowedHosts = Set.copyOf(hosts);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 picks a free port) without serving yet, so the URL is known before
     * the functions are configured with it.
     *
     * @throws IllegalStateException with a clear message when the port is taken
     */
    static LocalHttpApi bind(int port, PrintStream requestLog, Set<String> extraHosts) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            return new LocalHttpApi(server, requestLog, extraHosts);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is already in use: stop what uses it, or pick another with --port");
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts serving the template's routes, and AWS calls through {@code gateway}. */
    void start(RouteTable routes, Function<String, LambdaFunction> functions, AwsGateway gateway) {
        this.routes = routes;
        this.functions = functions;
        this.gateway = gateway;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        int status;
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
                status = misdirected(exchange);
            } else {
                status = AwsGateway.isAwsCall(exchange) ? gateway.handle(exchange) : invoke(exchange);
            }
        } catch (RuntimeException | IOException e) {
            requestLog.println("request failed: " + e);
            throw e;
        }
        requestLog.printf("%s %s %d %d ms%n", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), status,
                (System.nanoTime() - started) / 1_000_000);
    }

    private int invoke(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        Optional<RouteTable.Match> match = routes.match(method, path);
        if (match.isEmpty()) {
            return reply(exchange, 404, Map.of("Content-Type", List.of("application/json")),
                    "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        }
        LambdaFunction function = functions.apply(match.get().functionLogicalId());
        String event = JSON.writeValueAsString(event(exchange, match.get()));
        String result;
        try {
            result = function.invoke(event, LocalContext.of(function.logicalId(), System.err));
        } catch (RuntimeException e) {
            // What API Gateway answers when the integration fails.
            e.printStackTrace(System.err);
            return reply(exchange, 500, Map.of("Content-Type", List.of("application/json")),
                    "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        }
        return respond(exchange, JSON.readTree(result));
    }

    /**
     * A request for another host: answered by nothing behind this server (RFC 9110 §15.5.20), so that a
     * page whose DNS name was rebound to 127.0.0.1 gets no route and no AWS call.
     */
    private int misdirected(HttpExchange exchange) throws IOException {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", "Misdirected Request");
        problem.put("status", 421);
        problem.put("detail", "This local runtime answers only requests for " + String.join(" or ", allowedHosts.stream().sorted().toList())
                + "; start serve with --allowed-host to add a name.");
        problem.put("code", "MISDIRECTED_REQUEST");
        return reply(exchange, 421, Map.of("Content-Type", List.of("application/problem+json")), JSON.writeValueAsBytes(problem));
    }

    private ObjectNode event(HttpExchange exchange, RouteTable.Match match) throws IOException {
        URI uri = exchange.getRequestURI();
        Instant now = Instant.now();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", match.routeKey());
        event.put("rawPath", uri.getRawPath());
        event.put("rawQueryString", uri.getRawQuery() == null ? "" : uri.getRawQuery());
        ObjectNode headers = event.putObject("headers");
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("cookie")) {
                values.forEach(value -> cookies.addAll(List.of(value.split(";\\s*"))));
            } else {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        if (!cookies.isEmpty()) {
            event.set("cookies", JSON.valueToTree(cookies));
        }
        Map<String, String> query = queryParameters(uri.getRawQuery());
        if (!query.isEmpty()) {
            event.set("queryStringParameters", JSON.valueToTree(query));
        }
        if (!match.pathParameters().isEmpty()) {
            Map<String, String> decoded = new LinkedHashMap<>();
            match.pathParameters().forEach((name, value) -> decoded.put(name, URLDecoder.decode(value, StandardCharsets.UTF_8)));
            event.set("pathParameters", JSON.valueToTree(decoded));
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", "127.0.0.1");
        context.put("domainPrefix", "127");
        ObjectNode http = context.putObject("http");
        http.put("method", exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        http.put("path", uri.getRawPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", Optional.ofNullable(exchange.getRequestHeaders().getFirst("User-Agent")).orElse(""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", match.routeKey());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (body.length > 0) {
            boolean text = isText(exchange.getRequestHeaders().getFirst("Content-Type"));
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** API Gateway passes text bodies as they are and base64-encodes the rest (forms included). */
    private static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.startsWith("application/json") || type.contains("+json")
                || type.startsWith("application/xml");
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            // Payload 2.0 joins repeated parameters with commas.
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    private static int respond(HttpExchange exchange, JsonNode result) throws IOException {
        if (!result.isObject() || !result.has("statusCode")) {
            // Payload 2.0: a result without statusCode is a 200 JSON body.
            return reply(exchange, 200, Map.of("Content-Type", List.of("application/json")),
                    JSON.writeValueAsBytes(result));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        result.path("headers").properties().forEach(e -> headers.put(e.getKey(), List.of(e.getValue().asText())));
        result.path("multiValueHeaders").properties().forEach(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            headers.put(e.getKey(), values);
        });
        List<String> cookies = new ArrayList<>();
        result.path("cookies").forEach(cookie -> cookies.add(cookie.asText()));
        if (!cookies.isEmpty()) {
            headers.put("Set-Cookie", cookies);
        }
        String body = result.path("body").isMissingNode() || result.path("body").isNull() ? "" : result.path("body").asText();
        byte[] bytes = result.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        return reply(exchange, result.get("statusCode").asInt(), headers, bytes);
    }

    private static int reply(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
        headers.forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }
}
