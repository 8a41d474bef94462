package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.support.Events;
import org.junit.jupiter.api.Test;

class NotFoundHandlerTest {

    private final NotFoundHandler handler = new NotFoundHandler();

    @Test
    void handleWhenPathUnknownThen404Problem() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(Events.load("not-found.json"), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        assertEquals("ROUTE_NOT_FOUND", Events.body(response).get("code"));
    }

    @Test
    void handleWhenPathKnownUnderAnotherMethodThen405WithAllow() {
        APIGatewayV2HTTPEvent event = request("GET", "/v1/installs");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertEquals(405, response.getStatusCode());
        assertEquals("POST", response.getHeaders().get("Allow"));
        assertEquals("METHOD_NOT_ALLOWED", Events.body(response).get("code"));
    }

    @Test
    void handleWhenJwksPostedThen405() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request("POST", "/.well-known/jwks.json"), null);

        assertEquals(405, response.getStatusCode());
        assertEquals("GET", response.getHeaders().get("Allow"));
    }

    @Test
    void handleWhenPathOnlyPrefixesARouteThen404() {
        assertEquals(404, handler.handleRequest(request("POST", "/v1/installs/extra/segments"), null).getStatusCode());
        assertEquals(404, handler.handleRequest(request("POST", "/v1/install"), null).getStatusCode());
    }

    private static APIGatewayV2HTTPEvent request(String method, String path) {
        APIGatewayV2HTTPEvent event = Events.load("not-found.json");
        event.setRawPath(path);
        event.getRequestContext().getHttp().setMethod(method);
        return event;
    }
}
