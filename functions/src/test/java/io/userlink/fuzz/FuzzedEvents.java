package io.userlink.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.userlink.http.RouteTable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway events built from fuzz data, structured so that mutations reach past parsing: the route's method
 * or another, ids from the world or made up (long, Unicode, control characters, lone surrogates), credentials
 * valid, of the other app, of the wrong kind or garbage, headers and query parameters of any shape, and bodies
 * that are JSON with the route's fields (any type, deep nesting, huge numbers, every escape), raw text or bytes,
 * base64-encoded or not.
 */
final class FuzzedEvents {

    private static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-www-form-urlencoded",
            "application/json; charset=utf-8", "text/plain", "application/problem+json", "");
    private static final List<String> FIELDS = List.of("id", "external_id", "platform", "device_class", "sdk_version",
            "device_model", "authentication_code", "grant_type", "refresh_token", "user_id", "app_id", "scopes",
            "email", "password", "current_password", "new_password", "attributes", "agreements", "everywhere", "token");
    private static final List<String> STRINGS = List.of("", "ios", "android", "phone", "tablet", "1.0.0", "refresh_token",
            "customer-1", FuzzWorld.ACCOUNT_EMAIL, FuzzWorld.ACCOUNT_PASSWORD, "\\ud800", "\\udfffX", "\\ud83d\\ude00", "\\u0000", "a\\nb", "é", "\u00e9\u0301", "\uFFFF");

    private FuzzedEvents() {}

    /**
     * An event for the route {@code routeKey} ("METHOD /path/{param}", or {@code $default}, which API Gateway sends
     * whatever matches no route: any method, any path). A route's function only ever gets its route's method.
     */
    static APIGatewayV2HTTPEvent event(FuzzedDataProvider data, String routeKey, FuzzWorld world) {
        boolean unmatched = routeKey.equals("$default");
        String template = unmatched ? "/" + data.consumeString(40) : routeKey.substring(routeKey.indexOf(' ') + 1);
        Map<String, String> pathParameters = new LinkedHashMap<>();
        StringBuilder rawPath = new StringBuilder();
        for (String segment : template.split("/", -1)) {
            if (rawPath.length() > 0 || !segment.isEmpty()) {
                rawPath.append('/');
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                // API Gateway matches a parameter to one non-empty segment and hands it over decoded.
                String value = id(data, world, segment);
                value = value.isEmpty() ? "x" : value;
                pathParameters.put(segment.substring(1, segment.length() - 1), value);
                rawPath.append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            } else {
                rawPath.append(segment);
            }
        }
        String method = unmatched ? unroutedMethod(data, rawPath.toString())
                : routeKey.substring(0, routeKey.indexOf(' '));
        Map<String, String> headers = new HashMap<>();
        int authorization = data.consumeInt(0, 4);
        if (authorization == 1) {
            headers.put("authorization", data.pickValue(world.authorizations));
        } else if (authorization == 2) {
            headers.put("authorization", data.consumeString(200));
        } else if (authorization == 3) {
            String valid = data.pickValue(world.authorizations);
            headers.put("authorization", valid.substring(0, data.consumeInt(0, valid.length())) + data.consumeString(8));
        }
        if (data.consumeBoolean()) {
            headers.put("content-type", data.consumeBoolean() ? data.pickValue(CONTENT_TYPES) : data.consumeString(40));
        }
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            headers.put(data.consumeString(20).toLowerCase(), data.consumeString(60));
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (data.consumeBoolean()) {
            query.put("external_id", data.consumeBoolean() ? data.pickValue(world.externalIds) : data.consumeString(300));
        }
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            query.put(data.consumeString(10), data.consumeString(30));
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath.toString())
                .withRawQueryString("")
                .withHeaders(headers)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method)
                                .withPath(rawPath.toString()).build())
                        .build())
                .withIsBase64Encoded(false)
                .build();
        body(data, world, event);
        return event;
    }

    /** A method that, with this path, matches no route: what API Gateway sends to {@code $default}. */
    private static String unroutedMethod(FuzzedDataProvider data, String path) {
        List<String> routed = RouteTable.methodsFor(path);
        List<String> unrouted = METHODS.stream().filter(method -> !routed.contains(method)).toList();
        return data.pickValue(unrouted);
    }

    private static String id(FuzzedDataProvider data, FuzzWorld world, String parameter) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> data.pickValue(parameter.contains("user") ? world.userIds : world.installIds);
            case 1 -> data.pickValue(parameter.contains("user") ? world.installIds : world.userIds);
            case 2 -> "x".repeat(data.consumeInt(250, 260));
            default -> data.consumeString(300);
        };
    }

    private static void body(FuzzedDataProvider data, FuzzWorld world, APIGatewayV2HTTPEvent event) {
        switch (data.consumeInt(0, 4)) {
            case 0 -> { }
            case 1 -> event.setBody(json(data, world, 0));
            case 2 -> event.setBody(data.consumeString(1000));
            case 3 -> {
                event.setBody(Base64.getEncoder().encodeToString(data.consumeBytes(1000)));
                event.setIsBase64Encoded(true);
            }
            default -> {
                String form = "grant_type=" + (data.consumeBoolean() ? "refresh_token" : data.consumeString(20)) + "&refresh_token="
                        + (data.consumeBoolean() ? data.pickValue(world.refreshTokens) : data.consumeString(80))
                        + (data.consumeBoolean() ? "&" + data.consumeString(30) : "");
                boolean base64 = data.consumeBoolean();
                event.setBody(base64 ? Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8)) : form);
                event.setIsBase64Encoded(base64);
            }
        }
    }

    /** JSON text, written by hand so that any escape, number or nesting the fuzzer wants can appear. */
    private static String json(FuzzedDataProvider data, FuzzWorld world, int depth) {
        StringBuilder out = new StringBuilder("{");
        int members = data.consumeInt(0, 6);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                out.append(',');
            }
            String name = data.consumeBoolean() ? data.pickValue(FIELDS) : data.consumeString(12);
            out.append('"').append(escape(name)).append("\":").append(value(data, world, depth + 1));
        }
        return out.append('}').toString();
    }

    private static String value(FuzzedDataProvider data, FuzzWorld world, int depth) {
        return switch (data.consumeInt(0, 9)) {
            case 0 -> "null";
            case 1 -> Boolean.toString(data.consumeBoolean());
            case 2 -> Long.toString(data.consumeLong());
            case 3 -> data.pickValue(List.of("1e400", "-0", "123456789012345678901234567890", "1.5", "NaN", "0x10"));
            case 4 -> '"' + data.pickValue(STRINGS) + '"';
            case 5 -> '"' + escape(data.pickValue(data.consumeBoolean() ? world.accessTokens : world.oneTimeTokens)) + '"';
            case 6 -> depth > 40 ? "[]" : "[" + value(data, world, depth + 1) + "]";
            case 7 -> depth > 40 ? "{}" : json(data, world, depth);
            case 8 -> "[".repeat(data.consumeInt(0, 2000));
            default -> '"' + escape(data.consumeString(300)) + '"';
        };
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
