package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.local.iam.AccessKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaCredentialsEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void serveWhenTheFunctionPresentsItsTokenThenItGetsItsRolesCredentialsAsLambdaServesThem() throws Exception {
        AccessKey role = AccessKey.temporary();
        try (LambdaCredentialsEndpoint endpoint = LambdaCredentialsEndpoint.start()) {
            Map<String, String> variables = endpoint.serve(role);

            HttpResponse<String> answer = get(variables.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                    variables.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));

            assertEquals(200, answer.statusCode());
            JsonNode credentials = JSON.readTree(answer.body());
            assertEquals(role.id(), credentials.path("AccessKeyId").asText());
            assertEquals(role.secret(), credentials.path("SecretAccessKey").asText());
            assertEquals(role.sessionToken().orElseThrow(), credentials.path("Token").asText());
            assertTrue(Instant.parse(credentials.path("Expiration").asText()).isAfter(Instant.now()));
            assertFalse(variables.containsKey("AWS_ACCESS_KEY_ID"), "a SnapStart function gets no key in its variables");
        }
    }

    @Test
    void serveWhenTwoFunctionsAreServedThenEachTokenNamesItsOwnRole() throws Exception {
        AccessKey first = AccessKey.temporary();
        AccessKey second = AccessKey.temporary();
        try (LambdaCredentialsEndpoint endpoint = LambdaCredentialsEndpoint.start()) {
            Map<String, String> firstVariables = endpoint.serve(first);
            Map<String, String> secondVariables = endpoint.serve(second);

            assertNotEquals(firstVariables.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
                    secondVariables.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
            assertEquals(second.id(), JSON.readTree(get(secondVariables.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
                    secondVariables.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")).body()).path("AccessKeyId").asText());
        }
    }

    @Test
    void serveWhenTheTokenIsMissingOrUnknownThenNoCredentials() throws Exception {
        try (LambdaCredentialsEndpoint endpoint = LambdaCredentialsEndpoint.start()) {
            String url = endpoint.serve(AccessKey.temporary()).get("AWS_CONTAINER_CREDENTIALS_FULL_URI");

            assertEquals(401, get(url, null).statusCode());
            assertEquals(401, get(url, "0".repeat(64)).statusCode());
        }
    }

    @Test
    void keyVariablesWhenTheFunctionHasNoSnapStartThenTheKeyIsInItsVariables() {
        AccessKey role = AccessKey.temporary();

        assertEquals(Map.of("AWS_ACCESS_KEY_ID", role.id(), "AWS_SECRET_ACCESS_KEY", role.secret(),
                "AWS_SESSION_TOKEN", role.sessionToken().orElseThrow()), LambdaCredentialsEndpoint.keyVariables(role));
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
