package io.userlink.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload 2.0 event and response, read and written without the Lambda runtime's serializer. */
class ApiGatewayPayloadTest {

    @Test
    void eventWhenApiGatewaySendsOneThenEveryMemberARouteReads() throws Exception {
        String json = """
                {"version": "2.0", "routeKey": "GET /v1/installs/{install_id}", "rawPath": "/v1/installs/ins-1",
                 "rawQueryString": "a=1&b=2", "cookies": ["c=1"],
                 "headers": {"authorization": "Bearer x", "content-length": 0},
                 "queryStringParameters": {"a": "1", "b": "2"}, "pathParameters": {"install_id": "ins-1"},
                 "requestContext": {"routeKey": "GET /v1/installs/{install_id}", "requestId": "r-1", "stage": "$default",
                   "timeEpoch": 1795327200000, "authorizer": {"jwt": {"claims": {}}},
                   "http": {"method": "GET", "path": "/v1/installs/ins-1", "protocol": "HTTP/1.1",
                            "sourceIp": "203.0.113.10", "userAgent": "sdk"}},
                 "body": "aGk=", "isBase64Encoded": true}
                """;

        APIGatewayV2HTTPEvent event = read(json);

        assertEquals("GET /v1/installs/{install_id}", event.getRouteKey());
        assertEquals("/v1/installs/ins-1", event.getRawPath());
        assertEquals("a=1&b=2", event.getRawQueryString());
        assertEquals(List.of("c=1"), event.getCookies());
        assertEquals(Map.of("authorization", "Bearer x", "content-length", "0"), event.getHeaders(), "values as text");
        assertEquals(Map.of("a", "1", "b", "2"), event.getQueryStringParameters());
        assertEquals(Map.of("install_id", "ins-1"), event.getPathParameters());
        assertEquals("aGk=", event.getBody());
        assertTrue(event.getIsBase64Encoded());
        assertEquals("GET", event.getRequestContext().getHttp().getMethod());
        assertEquals("203.0.113.10", event.getRequestContext().getHttp().getSourceIp());
        assertEquals(1795327200000L, event.getRequestContext().getTimeEpoch());
        assertEquals("GET", new Request(event).method());
    }

    @Test
    void eventWhenMembersAreAbsentThenNullsAsTheRuntimeWouldGiveThem() throws Exception {
        APIGatewayV2HTTPEvent event = read("{\"version\": \"2.0\", \"rawPath\": \"/\"}");

        assertNull(event.getHeaders());
        assertNull(event.getPathParameters());
        assertNull(event.getBody());
        assertFalse(event.getIsBase64Encoded());
        assertNull(event.getRequestContext().getHttp().getMethod());
    }

    @Test
    void eventWhenNotAJsonObjectThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> read("[1]"));
        assertThrows(IllegalArgumentException.class, () -> read("not json"));
    }

    @Test
    void writeThenThePayload20ResponseApiGatewayReads() throws Exception {
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "application/json")).withBody("{\"a\":1}").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ApiGatewayPayload.write(response, out);

        assertEquals(Map.of("statusCode", 201, "headers", Map.of("Content-Type", "application/json"), "body", "{\"a\":1}",
                "isBase64Encoded", false), Json.parseTrustedObject(out.toString(StandardCharsets.UTF_8)));
    }

    private static APIGatewayV2HTTPEvent read(String json) throws Exception {
        return ApiGatewayPayload.event(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
