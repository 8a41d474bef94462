package io.userlink.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API Gateway HTTP API payload 2.0, read from and written to the raw bytes Lambda hands a stream handler, with
 * the JSON library the functions load anyway. The Lambda runtime's POJO serializer would cost a fresh JVM several
 * hundred milliseconds before the first request (BENCHMARKS.md), and it needs joda-time on the classpath.
 */
public final class ApiGatewayPayload {

    private ApiGatewayPayload() {}

    /**
     * The event of {@code in}: every member a route reads (method, path, query, headers, cookies, path and query
     * parameters, body and its encoding) and the request context's identifiers; the authorizer, which Userlink's
     * API has none of, is left out.
     *
     * @throws IllegalArgumentException when the bytes are not a JSON object (Lambda never sends such an event)
     */
    public static APIGatewayV2HTTPEvent event(InputStream in) throws IOException {
        Map<String, Object> json = Json.readEvent(in);
        Map<?, ?> context = map(json.get("requestContext"));
        Map<?, ?> http = map(context.get("http"));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion(text(json.get("version")))
                .withRouteKey(text(json.get("routeKey")))
                .withRawPath(text(json.get("rawPath")))
                .withRawQueryString(text(json.get("rawQueryString")))
                .withCookies(strings(json.get("cookies")))
                .withHeaders(textMap(json.get("headers")))
                .withQueryStringParameters(textMap(json.get("queryStringParameters")))
                .withPathParameters(textMap(json.get("pathParameters")))
                .withStageVariables(textMap(json.get("stageVariables")))
                .withBody(text(json.get("body")))
                .withIsBase64Encoded(Boolean.TRUE.equals(json.get("isBase64Encoded")))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(text(context.get("routeKey")))
                        .withAccountId(text(context.get("accountId")))
                        .withApiId(text(context.get("apiId")))
                        .withDomainName(text(context.get("domainName")))
                        .withRequestId(text(context.get("requestId")))
                        .withStage(text(context.get("stage")))
                        .withTime(text(context.get("time")))
                        .withTimeEpoch(context.get("timeEpoch") instanceof Number epoch ? epoch.longValue() : 0)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(text(http.get("method")))
                                .withPath(text(http.get("path")))
                                .withProtocol(text(http.get("protocol")))
                                .withSourceIp(text(http.get("sourceIp")))
                                .withUserAgent(text(http.get("userAgent")))
                                .build())
                        .build())
                .build();
    }

    /** Writes {@code response} as API Gateway reads a payload 2.0 response. */
    public static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("statusCode", response.getStatusCode());
        json.put("headers", response.getHeaders());
        if (response.getMultiValueHeaders() != null) {
            json.put("multiValueHeaders", response.getMultiValueHeaders());
        }
        if (response.getCookies() != null) {
            json.put("cookies", response.getCookies());
        }
        json.put("body", response.getBody());
        json.put("isBase64Encoded", response.getIsBase64Encoded());
        out.write(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
    }

    /** A map of strings, as API Gateway sends headers and parameters; null when absent, as the POJO has it. */
    private static Map<String, String> textMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        map.forEach((name, entry) -> texts.put(String.valueOf(name), text(entry)));
        return texts;
    }
}
