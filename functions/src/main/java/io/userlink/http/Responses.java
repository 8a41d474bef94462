package io.userlink.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.GrantException;
import io.userlink.error.RetryLaterException;
import io.userlink.error.UserlinkException;
import io.userlink.json.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds API Gateway responses: JSON documents and RFC 9457 problem documents, through one renderer. */
public final class Responses {

    /** Responses carrying tokens or account data must not be stored by caches (RFC 6749 §5.1). */
    public static final String NO_STORE = "no-store";
    /** The media type of problem documents (RFC 9457 §3). */
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String JSON = "application/json";

    private Responses() {}

    /** A JSON response that no cache may keep. */
    public static APIGatewayV2HTTPResponse json(int status, Map<String, ?> body) {
        return json(status, body, NO_STORE);
    }

    /** A JSON response with the given {@code Cache-Control}. */
    public static APIGatewayV2HTTPResponse json(int status, Map<String, ?> body, String cacheControl) {
        return response(status, JSON, Json.write(body), Map.of("Cache-Control", cacheControl));
    }

    /** A JSON response that no cache may keep, with an entity tag (RFC 9110 §8.8.3) for conditional requests. */
    public static APIGatewayV2HTTPResponse json(int status, Map<String, ?> body, EntityTag tag) {
        return response(status, JSON, Json.write(body), Map.of("Cache-Control", NO_STORE, "ETag", tag.value()));
    }

    /** A strong entity tag, quoted as the {@code ETag} header carries it. */
    public record EntityTag(String value) {
        public static EntityTag of(long version) {
            return new EntityTag("\"" + version + "\"");
        }
    }

    /** 204: done, nothing to say. */
    public static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204)
                .withHeaders(Map.of("Cache-Control", NO_STORE)).withIsBase64Encoded(false).build();
    }

    /** The problem document of an exception (RFC 9457), with no extra members. */
    public static APIGatewayV2HTTPResponse problem(UserlinkException exception) {
        return problem(exception, Map.of(), PROBLEM_JSON);
    }

    /**
     * The problem document of an exception (RFC 9457): {@code type}, {@code title}, {@code status},
     * {@code detail}, our stable {@code code}, then {@code extensions} (the legacy link route's
     * {@code errorCode}, the token route's {@code error}), as {@code mediaType}: {@value #PROBLEM_JSON},
     * or {@value #JSON} where a protocol requires it (the token endpoint, RFC 6749 §5.2).
     */
    public static APIGatewayV2HTTPResponse problem(UserlinkException exception, Map<String, ?> extensions, String mediaType) {
        ErrorCode code = exception.code();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:userlink:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", code.title());
        body.put("status", exception.status());
        body.put("detail", exception.detail());
        body.put("code", code.name());
        body.putAll(extensions);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", NO_STORE);
        // Tests of type, not a pattern switch: the unmatched route's every cold start renders a problem, and a JVM's
        // first pattern switch costs about 6 ms to link (BENCHMARKS.md).
        if (exception instanceof RetryLaterException later) {
            headers.put("Retry-After", Long.toString(Math.max(1, later.retryAfter().toSeconds())));
        } else if (exception instanceof AuthenticationException) {
            headers.put("WWW-Authenticate", "Bearer realm=\"userlink\"");
        } else if (exception instanceof GrantException grant) {
            // RFC 6749 §5.2: the error and its description, beside our own members.
            body.put("error", grant.error());
            body.put("error_description", grant.detail());
            headers.put("Pragma", "no-cache");
        }
        return response(exception.status(), mediaType, Json.write(body), headers);
    }

    private static APIGatewayV2HTTPResponse response(int status, String contentType, String body,
                                                     Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", contentType);
        all.putAll(headers);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(all)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
