package io.userlink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.local.AwsGateway;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
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
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * API Gateway's HTTP API, locally: each request on 127.0.0.1 becomes the payload 2.0 event API Gateway
 * would send, goes to the function of its route, and the function's response becomes the HTTP response.
 * AWS calls (DynamoDB and Secrets Manager, told apart by {@code X-Amz-Target}) go to the local AWS gateway,
 * which checks their signature and permissions. Only requests whose {@code Host} names this server (its
 * loopback address or {@code localhost} with its port, or a name allowed explicitly) are answered, so a web
 * page that rebinds its own DNS name to 127.0.0.1 reaches nothing. What API Gateway refuses before any route
 * (a request line it cannot parse, raw non-ASCII, a request line and headers over its 10 KiB quota) gets a
 * problem document, never a page naming a Java exception. One request log line per request: method, path,
 * status, milliseconds.
 */
final class LocalHttpApi implements AutoCloseable {

    /** API Gateway's quota for an HTTP API request's line and headers together. */
    static final int MAX_REQUEST_HEAD_BYTES = 10 * 1024;
    /** The type of the local runtime's own problem documents: no more than the status says (RFC 9457 §4.2.1). */
    static final String LOCAL_PROBLEM = "about:blank";
    /** API Gateway's quota for an HTTP API request's payload (10 MB). */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Server server;
    private final ServerConnector connector;
    private final PrintStream requestLog;
    private final Set<String> allowedHosts;
    private final Map<String, ServedFile> files = new LinkedHashMap<>();
    private RouteTable routes;
    private RouteThrottle throttle;
    private Function<String, LambdaFunction> functions;
    private AwsGateway gateway;

    /** A document served beside the API (its description, its docs page): media type and bytes. */
    record ServedFile(String mediaType, byte[] content) {}

    /** A request as it reached the server, before it becomes an event. */
    private record Incoming(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                            String protocol, String sourceIp, byte[] body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .flatMap(header -> header.getValue().stream()).findFirst();
        }
    }

    /** An answer to send. */
    private record Outgoing(int status, Map<String, List<String>> headers, byte[] body) {}

    private LocalHttpApi(Server server, ServerConnector connector, PrintStream requestLog, Set<String> extraHosts) {
        this.server = server;
        this.connector = connector;
        this.requestLog = requestLog;
        int port = connector.getLocalPort();
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
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("userlink-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        configuration.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(configuration));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setErrorHandler(new ProblemErrorHandler());
        try {
            connector.open();
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is already in use: stop what uses it, or pick another with --port");
            }
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new LocalHttpApi(server, connector, requestLog, extraHosts);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Serves a document at {@code path} (GET) beside the API; call before {@link #start}. */
    void serveFile(String path, ServedFile file) {
        files.put(path, file);
    }

    /** Starts serving the template's routes, throttled as API Gateway throttles them, and AWS calls through {@code gateway}. */
    void start(RouteTable routes, RouteThrottle throttle, Function<String, LambdaFunction> functions, AwsGateway gateway) {
        this.routes = routes;
        this.throttle = throttle;
        this.functions = functions;
        this.gateway = gateway;
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                send(response, callback, answer(request));
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve on " + baseUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            requestLog.println("stopping the HTTP server: " + e);
        }
    }

    private Outgoing answer(Request request) throws IOException {
        long started = System.nanoTime();
        String rawTarget = request.getHttpURI().getPathQuery();
        Outgoing outgoing;
        if (!isAscii(rawTarget)) {
            // RFC 9112 §3.2: the request target is ASCII; API Gateway refuses it before any route.
            outgoing = problem(400, LOCAL_PROBLEM, "Bad Request", "MALFORMED_REQUEST",
                    "The request target must be ASCII; percent-encode other characters.");
        } else {
            boolean awsCall = AwsGateway.isAwsCall(request.getHeaders().get("X-Amz-Target"));
            // A request to the API is read no further than API Gateway's quota: a larger body is refused, never held.
            Incoming incoming = incoming(request, awsCall ? Integer.MAX_VALUE : MAX_PAYLOAD_BYTES + 1);
            String host = incoming.header("Host").orElse("");
            if (!allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
                outgoing = problem(421, LOCAL_PROBLEM, "Misdirected Request", "MISDIRECTED_REQUEST",
                        "This local runtime answers only requests for "
                                + String.join(" or ", allowedHosts.stream().sorted().toList())
                                + "; start serve with --allowed-host to add a name.");
            } else if (awsCall) {
                AwsGateway.Answer answer = gateway.handle(new AwsGateway.Call(incoming.method(), incoming.rawPath(),
                        incoming.rawQuery(), incoming.headers(), incoming.body()));
                Map<String, List<String>> headers = new LinkedHashMap<>();
                answer.headers().forEach((name, value) -> headers.put(name, List.of(value)));
                outgoing = new Outgoing(answer.status(), headers, answer.body());
            } else if ("GET".equals(incoming.method()) && files.containsKey(incoming.rawPath())) {
                ServedFile file = files.get(incoming.rawPath());
                outgoing = new Outgoing(200, Map.of("Content-Type", List.of(file.mediaType()), "Cache-Control", List.of("no-cache")),
                        file.content());
            } else if (incoming.body().length > MAX_PAYLOAD_BYTES) {
                // The functions' own document for a body too large (their limit is far lower), as a client reads it.
                outgoing = problem(413, "urn:userlink:problem:body-too-large", "Request body too large", "BODY_TOO_LARGE",
                        "The body exceeds " + MAX_PAYLOAD_BYTES + " bytes, API Gateway's quota for an HTTP API payload.");
            } else {
                outgoing = invoke(incoming);
            }
        }
        requestLog.printf("%s %s %d %d ms%n", request.getMethod(), request.getHttpURI().getPath(), outgoing.status(),
                (System.nanoTime() - started) / 1_000_000);
        return outgoing;
    }

    /** The request as it came, its body read up to {@code maxBodyBytes}. */
    private static Incoming incoming(Request request, int maxBodyBytes) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        byte[] body = Content.Source.asInputStream(request).readNBytes(maxBodyBytes);
        String query = request.getHttpURI().getQuery();
        return new Incoming(request.getMethod().toUpperCase(Locale.ROOT), request.getHttpURI().getPath(), query,
                headers, request.getConnectionMetaData().getProtocol(), Request.getRemoteAddr(request), body);
    }

    private Outgoing invoke(Incoming incoming) throws IOException {
        Optional<RouteTable.Match> match = routes.match(incoming.method(), incoming.rawPath());
        if (match.isEmpty()) {
            // What API Gateway answers when no route matches and there is no $default route.
            return gatewayAnswer(404, "Not Found");
        }
        if (!throttle.admit(match.get().routeKey())) {
            // What API Gateway answers when the route's token bucket is empty.
            return gatewayAnswer(429, "Too Many Requests");
        }
        LambdaFunction function = functions.apply(match.get().functionLogicalId());
        String event = JSON.writeValueAsString(event(incoming, match.get()));
        String result;
        try {
            result = function.invoke(event);
        } catch (RuntimeException e) {
            // What API Gateway answers when the integration fails.
            e.printStackTrace(System.err);
            return gatewayAnswer(500, "Internal Server Error");
        }
        return response(JSON.readTree(result));
    }

    /** An answer API Gateway writes itself: its JSON {@code message}, not a problem document. */
    private static Outgoing gatewayAnswer(int status, String message) {
        return new Outgoing(status, Map.of("Content-Type", List.of("application/json")),
                JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode event(Incoming incoming, RouteTable.Match match) {
        Instant now = Instant.now();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", match.routeKey());
        event.put("rawPath", incoming.rawPath());
        event.put("rawQueryString", incoming.rawQuery() == null ? "" : incoming.rawQuery());
        ObjectNode headers = event.putObject("headers");
        List<String> cookies = new ArrayList<>();
        incoming.headers().forEach((name, values) -> {
            if (name.equalsIgnoreCase("cookie")) {
                values.forEach(value -> cookies.addAll(List.of(value.split(";\\s*"))));
            } else {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        if (!cookies.isEmpty()) {
            event.set("cookies", JSON.valueToTree(cookies));
        }
        Map<String, String> query = queryParameters(incoming.rawQuery());
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
        http.put("method", incoming.method());
        http.put("path", incoming.rawPath());
        http.put("protocol", incoming.protocol());
        http.put("sourceIp", incoming.sourceIp());
        http.put("userAgent", incoming.header("User-Agent").orElse(""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", match.routeKey());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (incoming.body().length > 0) {
            boolean text = isText(incoming.header("Content-Type").orElse(null));
            event.put("body", text ? new String(incoming.body(), StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(incoming.body()));
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

    private static Outgoing response(JsonNode result) throws IOException {
        if (!result.isObject() || !result.has("statusCode")) {
            // Payload 2.0: a result without statusCode is a 200 JSON body.
            return new Outgoing(200, Map.of("Content-Type", List.of("application/json")), JSON.writeValueAsBytes(result));
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
        return new Outgoing(result.get("statusCode").asInt(), headers, bytes);
    }

    private static Outgoing problem(int status, String type, String title, String code, String detail) throws IOException {
        return new Outgoing(status, Map.of("Content-Type", List.of("application/problem+json"), "Cache-Control", List.of("no-store")),
                problemJson(status, type, title, code, detail));
    }

    /**
     * A problem document of the local runtime itself (RFC 9457), for what no function answers: of type
     * {@link #LOCAL_PROBLEM}, or a function's own type where a client should read it as the function's.
     */
    static byte[] problemJson(int status, String type, String title, String code, String detail) throws IOException {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code);
        return JSON.writeValueAsBytes(problem);
    }

    private static void send(Response response, Callback callback, Outgoing outgoing) {
        response.setStatus(outgoing.status());
        HttpFields.Mutable headers = response.getHeaders();
        outgoing.headers().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
        // Jetty leaves the body out of an answer to HEAD, as HTTP says, and keeps Content-Length.
        headers.put(HttpHeader.CONTENT_LENGTH, outgoing.body().length);
        response.write(true, ByteBuffer.wrap(outgoing.body()), callback);
    }

    private static boolean isAscii(String text) {
        return text == null || text.chars().allMatch(c -> c < 0x80);
    }
}
