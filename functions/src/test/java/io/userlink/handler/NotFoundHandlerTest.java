package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.support.ApiContract;
import io.userlink.support.Events;
import org.junit.jupiter.api.Test;

class NotFoundHandlerTest {

    private final NotFoundHandler handler = new NotFoundHandler();

    @Test
    void handleWhenPathUnknownThen404Problem() {
        APIGatewayV2HTTPResponse response = ApiContract.invoke(handler, Events.load("not-found.json"));

        assertEquals(404, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        assertEquals("ROUTE_NOT_FOUND", Events.body(response).get("code"));
    }

    @Test
    void handleWhenPathKnownUnderAnotherMethodThen405WithAllow() {
        APIGatewayV2HTTPEvent event = request("GET", "/v1/installs");

        APIGatewayV2HTTPResponse response = ApiContract.invoke(handler, event);

        assertEquals(405, response.getStatusCode());
        assertEquals("POST", response.getHeaders().get("Allow"));
        assertEquals("METHOD_NOT_ALLOWED", Events.body(response).get("code"));
    }

    @Test
    void handleWhenJwksPostedThen405() {
        APIGatewayV2HTTPResponse response = ApiContract.invoke(handler, request("POST", "/.well-known/jwks.json"));

        assertEquals(405, response.getStatusCode());
        assertEquals("GET", response.getHeaders().get("Allow"));
    }

    @Test
    void handleWhenPathFillsARoutesParameterUnderAnotherMethodThen405WithEveryMethodOfThePath() {
        APIGatewayV2HTTPResponse response = ApiContract.invoke(handler, request("PUT", "/v1/users/u-1"));

        assertEquals(405, response.getStatusCode());
        assertEquals("DELETE, GET", response.getHeaders().get("Allow"));
    }

    @Test
    void handleWhenAParameterSegmentIsEmptyThen404() {
        assertEquals(404, ApiContract.invoke(handler, request("GET", "/v1/installs/")).getStatusCode());
        assertEquals(404, ApiContract.invoke(handler, request("GET", "/v2/users//link")).getStatusCode());
    }

    @Test
    void handleWhenPathOnlyPrefixesARouteThen404() {
        assertEquals(404, ApiContract.invoke(handler, request("POST", "/v1/installs/extra/segments")).getStatusCode());
        assertEquals(404, ApiContract.invoke(handler, request("POST", "/v1/install")).getStatusCode());
    }

    private static APIGatewayV2HTTPEvent request(String method, String path) {
        APIGatewayV2HTTPEvent event = Events.load("not-found.json");
        event.setRawPath(path);
        event.getRequestContext().getHttp().setMethod(method);
        return event;
    }
}
