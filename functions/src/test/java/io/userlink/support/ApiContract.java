package io.userlink.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.userlink.handler.ApiHandler;
import io.userlink.local.OpenApiDescription;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * {@code openapi.yaml} as the tests hold the handlers to it: every response a test receives is checked against
 * the description, so a field added, renamed or left out without the description fails the build.
 */
public final class ApiContract {

    private static final OpenApiDescription DESCRIPTION = OpenApiDescription.ofProject();

    private ApiContract() {}

    /**
     * Invokes the handler as Lambda does, with the event's JSON bytes (written by the Lambda runtime's serializer,
     * as API Gateway's JSON reaches a function), reads the response from the bytes it writes, and fails the test
     * when the response does not conform.
     */
    public static APIGatewayV2HTTPResponse invoke(ApiHandler handler, APIGatewayV2HTTPEvent event) {
        ByteArrayOutputStream eventJson = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, ApiContract.class.getClassLoader())
                .toJson(event, eventJson);
        ByteArrayOutputStream responseJson = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(eventJson.toByteArray()), responseJson, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        APIGatewayV2HTTPResponse response = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class,
                ApiContract.class.getClassLoader()).fromJson(new ByteArrayInputStream(responseJson.toByteArray()));
        check(event, response);
        return response;
    }

    /**
     * Fails the test when {@code response}, the answer to {@code event}, does not conform to the description.
     *
     * @throws AssertionError naming every difference
     */
    public static void check(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? ""
                : event.getRequestContext().getHttp().getMethod();
        List<String> problems = DESCRIPTION.problems(method, event.getRawPath(), response.getStatusCode(),
                response.getHeaders() == null ? Map.of() : response.getHeaders(), response.getBody());
        if (!problems.isEmpty()) {
            throw new AssertionError("the response does not conform to openapi.yaml: " + problems + "\nbody: " + response.getBody());
        }
    }
}
