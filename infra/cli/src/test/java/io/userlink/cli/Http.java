package io.userlink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.local.OpenApiDescription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP client for driving the local runtime as an SDK or a customer backend would. Every answer of the
 * API is checked against openapi.yaml, so a test fails when a response does not conform to the description.
 */
final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final OpenApiDescription DESCRIPTION = OpenApiDescription.read(ServeProcess.PROJECT.resolve("openapi.yaml"));

    private Http() {}

    /** A call of the API; fails the test when the answer does not conform to openapi.yaml. */
    static HttpResponse<String> send(String method, URI uri, String authorization, String contentType, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = sendUnchecked(method, uri, authorization, contentType, body);
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, String.join(",", values)));
        List<String> problems = DESCRIPTION.problems(method, uri.getRawPath(), response.statusCode(), headers, response.body());
        if (!problems.isEmpty()) {
            throw new AssertionError("the response does not conform to openapi.yaml: " + problems + "\nbody: " + response.body());
        }
        return response;
    }

    /** A request to what serve offers beside the API (its description, its docs page). */
    static HttpResponse<String> sendUnchecked(String method, URI uri, String authorization, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send("GET", uri, null, null, null);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** Each text parsed as JSON, in order (a queue's messages, say). */
    static List<JsonNode> jsonEach(List<String> texts) throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        for (String text : texts) {
            parsed.add(json(text));
        }
        return parsed;
    }
}
