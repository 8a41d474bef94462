package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.userlink.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A CloudFormation custom resource request, as CloudFormation invokes a function with it, and the one response it
 * waits for: a JSON document PUT to the request's presigned {@code ResponseURL}. CloudFormation waits for that
 * response until the resource's {@code ServiceTimeout}, so every request gets one, a failure included.
 */
final class CustomResourceRequest {

    /** Sends a response document to a presigned URL. */
    @FunctionalInterface
    interface ResponseSender {
        void put(URI responseUrl, byte[] document) throws IOException;
    }

    /** CloudFormation refuses a response over 4,096 bytes; the reason is the part whose length is not ours. */
    private static final int MAX_REASON_LENGTH = 1_000;

    private final String requestType;
    private final URI responseUrl;
    private final String stackId;
    private final String requestId;
    private final String logicalResourceId;
    private final String physicalResourceId;

    private CustomResourceRequest(Map<String, Object> event) {
        this.requestType = required(event, "RequestType");
        this.responseUrl = URI.create(required(event, "ResponseURL"));
        this.stackId = required(event, "StackId");
        this.requestId = required(event, "RequestId");
        this.logicalResourceId = required(event, "LogicalResourceId");
        // Create names the resource; Update and Delete carry the name Create gave it, and a different one would
        // make CloudFormation replace the resource.
        this.physicalResourceId = event.get("PhysicalResourceId") instanceof String given && !given.isBlank()
                ? given : stackId + "/" + logicalResourceId;
    }

    /** Whether an event is a custom resource request rather than the function's other kind of event. */
    static boolean isOne(Map<String, Object> event) {
        return event.containsKey("RequestType") && event.containsKey("ResponseURL");
    }

    /** @throws IllegalArgumentException when a member CloudFormation always sends is missing */
    static CustomResourceRequest from(Map<String, Object> event) {
        return new CustomResourceRequest(event);
    }

    /**
     * Runs {@code change} for Create and Update (Delete leaves everything as it is: the resource stands for work done,
     * not for something to remove), and sends its outcome: SUCCESS with the reason it returns, or FAILED with what
     * went wrong, which CloudFormation shows in the stack's events and answers by rolling the update back. The
     * failure's stack trace goes to the function's log, which the reason names.
     *
     * @throws IOException when the response could not be sent; the caller fails the invocation, so that Lambda retries
     *     it (the change must be idempotent) rather than CloudFormation waiting for a response that never comes
     */
    void perform(Supplier<String> change, Context context, ResponseSender sender) throws IOException {
        String status;
        String reason;
        try {
            reason = requestType.equals("Delete") ? "nothing to remove" : change.get();
            status = "SUCCESS";
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            ApiHandler.log(context, LogLevel.ERROR, logicalResourceId + " " + requestType + " failed: " + trace);
            // Userlink's messages never hold a secret, and the SDK's name requests, not values.
            reason = e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (context == null ? "" : " (log stream " + context.getLogStreamName() + ")");
            status = "FAILED";
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Status", status);
        response.put("Reason", reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason);
        response.put("PhysicalResourceId", physicalResourceId);
        response.put("StackId", stackId);
        response.put("RequestId", requestId);
        response.put("LogicalResourceId", logicalResourceId);
        sender.put(responseUrl, Json.write(response).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sender over the JDK's HTTP client. The presigned URL's signature covers no content type, and S3 takes the
     * document as it comes, so none is sent.
     */
    static ResponseSender overHttp(Duration timeout) {
        Objects.requireNonNull(timeout);
        return (responseUrl, document) -> {
            HttpRequest request = HttpRequest.newBuilder(responseUrl).timeout(timeout)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(document)).build();
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 != 2) {
                    throw new IOException("the custom resource response was refused: HTTP " + answer.statusCode());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending the custom resource response", e);
            }
        };
    }

    private static String required(Map<String, Object> event, String name) {
        if (!(event.get(name) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException("custom resource request lacks " + name);
        }
        return value;
    }
}
