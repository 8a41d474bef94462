package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.userlink.config.ClassPriming;
import io.userlink.config.Components;
import io.userlink.config.Rehearsal;
import io.userlink.json.Json;
import io.userlink.mail.MailSender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SnapStart invoke priming: before the snapshot, the function answers its own route {@value #INVOCATIONS} times, so
 * that the first request after a restore runs code that has run before (BENCHMARKS.md, "First request after
 * priming"); the responses are discarded.
 * <ul>
 *   <li>A route that reads nothing (discovery, the unmatched route) is answered by the function's own handler.</li>
 *   <li>A route that reads or writes (the JWKS included: its own ring's read must not be cached before the snapshot)
 *       is answered by a second handler of the same class built over a {@link Rehearsal}, with the rehearsal's
 *       credentials: the whole path runs, the SDK's included, and nothing is read from or written to the
 *       deployment, nor cached in the function's real components.</li>
 *   <li>The mail sender delivers new mails of a rehearsal's outbox, handed to it as the table's stream hands them,
 *       through the rehearsal's SES, which keeps none.</li>
 * </ul>
 */
public final class InvokePriming {

    /**
     * What the first request after a restore gains is first execution (linkage, first-time initialisation in the SDK,
     * the JSON library and the JDK's crypto), which a few calls do: 20 measured the same as 100 and 300 here for five
     * rehearsed routes (BENCHMARKS.md), and a rehearsed call costs milliseconds of the publish (a token signed, often
     * a new install or account made for it).
     */
    static final int INVOCATIONS = 20;

    /** One per handler class. */
    private static final Map<Class<?>, InvokePriming> REGISTERED = new ConcurrentHashMap<>();

    /** One priming invocation: the event's bytes in; whether the function answered without a server error. */
    interface Invocation {
        boolean answer(byte[] event) throws IOException;
    }

    /**
     * What answers, and the event it is sent each time (a route that ends a session or consumes a code is asked about
     * new ones): built when the snapshot is taken, never in a function without SnapStart.
     */
    record Rehearsed(Invocation invocation, Supplier<byte[]> events) {

        /** An API handler, asked the requests {@code requests} makes; answered unless with a server error. */
        static Rehearsed answeredBy(ApiHandler handler, Supplier<PrimingRequest> requests) {
            // Byte-array streams, as the local runtime passes them (a null output stream primed the same here).
            return new Rehearsed(event -> handler.serve(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null)
                    < 500, () -> requests.get().event());
        }

        /**
         * A mail sender over the rehearsal, sending through {@code sender}, handed a new mail of the rehearsal's outbox
         * each time in the stream event Lambda would send, through its stream entry point as Lambda calls it; answered
         * when it reports no batch item failure.
         */
        static Rehearsed mailSenderOf(Rehearsal rehearsal, MailSender sender) {
            SendMailHandler handler = SendMailHandler.rehearsing(rehearsal.components().mailDelivery(sender));
            return new Rehearsed(event -> {
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(event), answer, null);
                return Json.readEvent(new ByteArrayInputStream(answer.toByteArray()))
                        .get("batchItemFailures") instanceof List<?> failures && failures.isEmpty();
            }, () -> streamEvent(rehearsal.newConfirmationMailKeys()));
        }
    }

    private final Supplier<Rehearsed> rehearse;

    InvokePriming(Supplier<Rehearsed> rehearse) {
        this.rehearse = rehearse;
    }

    /**
     * Primes {@code handler}'s function with {@code request}, answered by {@code handler} itself, once its classes are
     * primed: for routes that read nothing. Registered once per handler class (the first instance built is the one
     * invoked); the registered priming.
     */
    static InvokePriming register(ApiHandler handler, PrimingRequest request) {
        return register(handler.getClass(), () -> Rehearsed.answeredBy(handler, () -> request));
    }

    /**
     * Primes {@code handler}'s function with the request {@code request} makes of a rehearsal of this function,
     * answered by the handler {@code build} makes over the rehearsal's components.
     */
    static InvokePriming rehearse(ApiHandler handler, Function<Components, ApiHandler> build,
                                  Function<Rehearsal, PrimingRequest> request) {
        return register(handler.getClass(), () -> {
            Rehearsal rehearsal = Rehearsal.ofThisFunction();
            return Rehearsed.answeredBy(build.apply(rehearsal.components()), () -> request.apply(rehearsal));
        });
    }

    /**
     * Primes the mail sender: a second one, over a rehearsal and its SES, delivers a new mail of the rehearsal's outbox
     * each time, handed to it in the stream event Lambda would send.
     */
    static InvokePriming rehearseMailSender(SendMailHandler handler) {
        return register(handler.getClass(), () -> {
            Rehearsal rehearsal = Rehearsal.ofThisFunction();
            return Rehearsed.mailSenderOf(rehearsal, rehearsal.mailSender());
        });
    }

    /**
     * A DynamoDB stream event of new items with these partition keys, with the members Lambda sends the mail sender
     * (the table's stream carries keys only).
     */
    private static byte[] streamEvent(List<String> partitionKeys) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String partitionKey : partitionKeys) {
            Map<String, Object> streamed = Map.of("Keys", Map.of("pk", Map.of("S", partitionKey)),
                    "SequenceNumber", Integer.toString(records.size() + 1), "StreamViewType", "KEYS_ONLY");
            records.add(Map.of("eventName", "INSERT", "eventSource", "aws:dynamodb", "eventVersion", "1.1",
                    "awsRegion", "us-east-1", "dynamodb", streamed));
        }
        return Json.write(Map.of("Records", records)).getBytes(StandardCharsets.UTF_8);
    }

    private static InvokePriming register(Class<?> type, Supplier<Rehearsed> rehearse) {
        return REGISTERED.computeIfAbsent(type, registered -> {
            InvokePriming priming = new InvokePriming(rehearse);
            ClassPriming.register(registered).afterClasses(priming::prime);
            return priming;
        });
    }

    /**
     * Invokes the handler {@value #INVOCATIONS} times, through the same bytes-in, bytes-out path as Lambda; stops at
     * the first server error or mail not sent, which the handler has logged, or at the first failure to rehearse,
     * logged here as a warning. How many requests were answered without either.
     */
    int prime() {
        int answered = 0;
        try {
            Rehearsed rehearsed = rehearse.get();
            while (answered < INVOCATIONS && rehearsed.invocation().answer(rehearsed.events().get())) {
                answered++;
            }
        } catch (IOException | RuntimeException e) {
            // A rehearsal that fails is Userlink's defect, not the deployment's: the publish goes on, unprimed.
            ApiHandler.log(null, LogLevel.WARN, "invoke priming stopped after " + answered + " requests: " + e);
        }
        return answered;
    }

    /** A request to prime a route with, as API Gateway's payload 2.0 event. */
    record PrimingRequest(String method, String route, Map<String, String> pathParameters, Map<String, String> headers,
                          String body) {

        /**
         * API Gateway adds an X-Ray trace header to every request, so the priming events carry one too: a first real
         * event with a header they lacked deoptimised compiled JSON code (BENCHMARKS, "Why discovery stays over 2x").
         * Its time is the events' {@code timeEpoch}; no random part, as priming creates none.
         */
        private static final String TRACE_ID = "Root=1-6955b900-7072696d696e672d7072696d";

        /** {@code method} {@code route} (its path, with {@code {name}} for each path parameter), without credentials. */
        static PrimingRequest of(String method, String route) {
            return new PrimingRequest(method, route, Map.of(), Map.of(), null);
        }

        PrimingRequest pathParameter(String name, String value) {
            Map<String, String> parameters = new LinkedHashMap<>(pathParameters);
            parameters.put(name, value);
            return new PrimingRequest(method, route, parameters, headers, body);
        }

        PrimingRequest authorization(String value) {
            return header("authorization", value);
        }

        /** With a bearer token. */
        PrimingRequest bearer(String token) {
            return authorization("Bearer " + token);
        }

        /** With a JSON body. */
        PrimingRequest json(Map<String, ?> members) {
            return header("content-type", "application/json").withBody(Json.write(members));
        }

        /** With a form body ({@code application/x-www-form-urlencoded}), already encoded. */
        PrimingRequest form(String encoded) {
            return header("content-type", "application/x-www-form-urlencoded").withBody(encoded);
        }

        private PrimingRequest header(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.put(name, value);
            return new PrimingRequest(method, route, pathParameters, changed, body);
        }

        private PrimingRequest withBody(String text) {
            return new PrimingRequest(method, route, pathParameters, headers, text);
        }

        /** The path a client requests: the route with its parameters' values. */
        String path() {
            String path = route;
            for (Map.Entry<String, String> parameter : pathParameters.entrySet()) {
                path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
            }
            return path;
        }

        /**
         * The payload 2.0 event, with the members API Gateway sends, so that priming parses what a real request
         * carries.
         */
        byte[] event() {
            String path = path();
            String routeKey = method + " " + route;
            Map<String, Object> http = Map.of("method", method, "path", path, "protocol", "HTTP/1.1",
                    "sourceIp", "192.0.2.1", "userAgent", "snapstart-priming");
            Map<String, Object> requestContext = Map.of("accountId", "000000000000", "apiId", "priming",
                    "domainName", "priming.invalid", "domainPrefix", "priming", "http", http, "requestId", "priming",
                    "routeKey", routeKey, "stage", "$default", "time", "01/Jan/2026:00:00:00 +0000",
                    "timeEpoch", 1767225600000L);
            Map<String, Object> sent = new LinkedHashMap<>(Map.of("accept", "application/json",
                    "content-length", String.valueOf(body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length),
                    "host", "priming.invalid", "user-agent", "snapstart-priming", "x-amzn-trace-id", TRACE_ID,
                    "x-forwarded-for", "192.0.2.1", "x-forwarded-port", "443", "x-forwarded-proto", "https"));
            sent.putAll(headers);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("version", "2.0");
            event.put("routeKey", routeKey);
            event.put("rawPath", path);
            event.put("rawQueryString", "");
            event.put("headers", sent);
            event.put("requestContext", requestContext);
            if (!pathParameters.isEmpty()) {
                event.put("pathParameters", pathParameters);
            }
            if (body != null) {
                event.put("body", body);
            }
            event.put("isBase64Encoded", false);
            return Json.write(event).getBytes(StandardCharsets.UTF_8);
        }
    }
}
