package io.userlink.handler;

import io.userlink.config.ClassPriming;
import io.userlink.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SnapStart invoke priming, for the functions whose route reads nothing and changes nothing (discovery and the
 * unmatched route): before the snapshot, the function answers its own route {@value #INVOCATIONS} times, so that the
 * first request after a restore runs code that is linked and compiled (BENCHMARKS.md, "First request after
 * priming"); the responses are discarded. Functions that read are not invoke-primed: their requests would write, or
 * would leave what they read cached in every restored environment ({@code SnapStartHooks} primes their reads without
 * caching). The JWKS's first request after a restore is the read of its key ring, which priming must not cache, so
 * it is not invoke-primed either.
 */
public final class InvokePriming {

    /**
     * Enough for the route's hot methods to reach C1's compile thresholds (a few hundred calls), for well under a
     * second of the publish; 1,000 made the first request no faster here.
     */
    static final int INVOCATIONS = 300;

    /** One per handler class. */
    private static final Map<Class<?>, InvokePriming> REGISTERED = new ConcurrentHashMap<>();

    private final ApiHandler handler;
    private final String method;
    private final String path;

    InvokePriming(ApiHandler handler, String method, String path) {
        this.handler = handler;
        this.method = method;
        this.path = path;
    }

    /**
     * Primes {@code handler}'s function with {@code method} {@code path} before its snapshot, once its classes are
     * primed (registered once per handler class: the first instance built is the one invoked); the registered
     * priming.
     */
    static InvokePriming register(ApiHandler handler, String method, String path) {
        return REGISTERED.computeIfAbsent(handler.getClass(), registered -> {
            InvokePriming priming = new InvokePriming(handler, method, path);
            ClassPriming.register(registered).afterClasses(priming::prime);
            return priming;
        });
    }

    /**
     * A payload 2.0 event of {@code method} {@code path} with no credentials, with the members API Gateway sends, so
     * that priming parses what a real request carries.
     */
    static byte[] event(String method, String path) {
        Map<String, Object> http = Map.of("method", method, "path", path, "protocol", "HTTP/1.1",
                "sourceIp", "192.0.2.1", "userAgent", "snapstart-priming");
        Map<String, Object> requestContext = Map.of("accountId", "000000000000", "apiId", "priming",
                "domainName", "priming.invalid", "domainPrefix", "priming", "http", http, "requestId", "priming",
                "routeKey", method + " " + path, "stage", "$default", "time", "01/Jan/2026:00:00:00 +0000",
                "timeEpoch", 1767225600000L);
        Map<String, Object> headers = Map.of("accept", "application/json", "content-length", "0",
                "host", "priming.invalid", "user-agent", "snapstart-priming", "x-forwarded-for", "192.0.2.1",
                "x-forwarded-port", "443", "x-forwarded-proto", "https");
        return Json.write(Map.of("version", "2.0", "routeKey", method + " " + path, "rawPath", path,
                "rawQueryString", "", "headers", headers, "requestContext", requestContext, "isBase64Encoded", false))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Invokes the handler {@value #INVOCATIONS} times, through the same bytes-in, bytes-out path as Lambda; stops at
     * the first server error, which the handler has logged. How many requests were answered without one.
     */
    int prime() {
        // Built here, not at registration: a function without SnapStart never takes a snapshot.
        byte[] event = event(method, path);
        int answered = 0;
        while (answered < INVOCATIONS) {
            try {
                // Byte-array streams, as the local runtime passes them (a null output stream primed the same here).
                if (handler.serve(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null) >= 500) {
                    break;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            answered++;
        }
        return answered;
    }
}
