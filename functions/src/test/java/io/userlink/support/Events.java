package io.userlink.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.userlink.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * API Gateway HTTP API events: the project's {@code events/} files, loaded by the Lambda runtime's own
 * serializer (aws-lambda-java-tests), and variations of them for bad-input tests.
 */
public final class Events {

    private Events() {}

    /** An {@code events/} file of the project. */
    public static APIGatewayV2HTTPEvent load(String fileName) {
        Path file = TestAws.template().getParent().resolve("events").resolve(fileName);
        return EventLoader.loadApiGatewayHttpEvent(file.toString());
    }

    /** A copy of {@code event} with a header set (or removed, for null). */
    public static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        Map<String, String> headers = new HashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
        headers.remove(name);
        if (value != null) {
            headers.put(name, value);
        }
        event.setHeaders(headers);
        return event;
    }

    public static APIGatewayV2HTTPEvent withBasicAuth(APIGatewayV2HTTPEvent event, String user, String password) {
        String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return withHeader(event, "authorization", "Basic " + encoded);
    }


    public static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String body) {
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    /** The JSON body of a response as a map. */
    public static Map<String, Object> body(APIGatewayV2HTTPResponse response) {
        return Json.parseTrustedObject(response.getBody());
    }
}
