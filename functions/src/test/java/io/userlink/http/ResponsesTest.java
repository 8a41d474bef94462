package io.userlink.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.GrantException;
import io.userlink.error.RetryLaterException;
import io.userlink.error.UserlinkException;
import io.userlink.json.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headers every client depends on: caching (RFC 6749 §5.1), challenges (RFC 9110 §11.6.1), retries. */
class ResponsesTest {

    @Test
    void jsonThenNoCacheMayKeepIt() {
        APIGatewayV2HTTPResponse response = Responses.json(200, Map.of("access_token", "x"));

        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals(Map.of("access_token", "x"), Json.parseTrustedObject(response.getBody()));
    }

    @Test
    void jsonWithAnEntityTagThenTheQuotedVersionAndNoStore() {
        APIGatewayV2HTTPResponse response = Responses.json(200, Map.of(), Responses.EntityTag.of(7));

        assertEquals("\"7\"", response.getHeaders().get("ETag"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }

    @Test
    void jsonWithCacheControlThenThatOne() {
        assertEquals("public, max-age=300",
                Responses.json(200, Map.of(), "public, max-age=300").getHeaders().get("Cache-Control"));
    }

    @Test
    void noContentThenNoBodyAndNoStore() {
        APIGatewayV2HTTPResponse response = Responses.noContent();

        assertEquals(204, response.getStatusCode());
        assertNull(response.getBody());
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }

    @Test
    void problemThenAnRfc9457DocumentThatNoCacheMayKeep() {
        APIGatewayV2HTTPResponse response = Responses.problem(new UserlinkException(ErrorCode.USER_NOT_FOUND, "No such user."));

        assertEquals(404, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        Map<String, Object> body = Json.parseTrustedObject(response.getBody());
        assertEquals("urn:userlink:problem:user-not-found", body.get("type"));
        assertEquals("USER_NOT_FOUND", body.get("code"));
        assertEquals("No such user.", body.get("detail"));
        assertEquals(404, ((Number) body.get("status")).intValue());
        assertFalse(response.getHeaders().containsKey("Retry-After"));
        assertFalse(response.getHeaders().containsKey("WWW-Authenticate"));
    }

    @Test
    void problemWhenUnauthenticatedThenABearerChallengeAndNoReason() {
        APIGatewayV2HTTPResponse response = Responses.problem(new AuthenticationException("app secret unknown or wrong"));

        assertEquals(401, response.getStatusCode());
        assertEquals("Bearer realm=\"userlink\"", response.getHeaders().get("WWW-Authenticate"));
        assertFalse(response.getBody().contains("app secret unknown"), "the reason is for logs only");
    }

    @Test
    void problemWhenUnavailableThenRetryAfterInWholeSecondsAtLeastOne() {
        assertEquals("1", Responses.problem(RetryLaterException.unavailable("busy", Duration.ofMillis(10), "throttled"))
                .getHeaders().get("Retry-After"));
        assertEquals("7", Responses.problem(RetryLaterException.unavailable("busy", Duration.ofSeconds(7), "throttled"))
                .getHeaders().get("Retry-After"));
    }

    @Test
    void problemWhenAGrantErrorThenTheRfc6749MembersAndNoCache() {
        APIGatewayV2HTTPResponse response = Responses.problem(GrantException.invalidGrant(), Map.of(), Responses.JSON);

        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals("no-cache", response.getHeaders().get("Pragma"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        Map<String, Object> body = Json.parseTrustedObject(response.getBody());
        assertEquals("invalid_grant", body.get("error"));
        assertEquals(body.get("detail"), body.get("error_description"));
    }

    @Test
    void problemWithExtensionsThenAfterTheStandardMembers() {
        APIGatewayV2HTTPResponse response = Responses.problem(new UserlinkException(ErrorCode.INSTALL_NOT_FOUND, "No install."),
                Map.of("errorCode", "INSTALL_NOT_FOUND"), Responses.PROBLEM_JSON);

        assertEquals("INSTALL_NOT_FOUND", Json.parseTrustedObject(response.getBody()).get("errorCode"));
    }
}
