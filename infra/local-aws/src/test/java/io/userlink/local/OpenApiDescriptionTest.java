package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenApiDescriptionTest {

    private static final OpenApiDescription DESCRIPTION = OpenApiDescription.ofProject();
    private static final Map<String, String> JSON_NO_STORE = Map.of("Content-Type", "application/json", "Cache-Control", "no-store");

    @Test
    void operationsWhenReadThenExactlyTheRoutesOfTheTemplate() {
        Set<OpenApiDescription.Operation> routes = SamTemplate.read(SamTemplate.locate(Path.of(""))).routes().stream()
                .filter(route -> !route.path().equals("$default"))
                .map(route -> new OpenApiDescription.Operation(route.method(), route.path()))
                .collect(Collectors.toSet());

        assertEquals(routes, Set.copyOf(DESCRIPTION.operations()));
    }

    @Test
    void problemsWhenTheResponseConformsThenNone() {
        String linked = "{\"id\": \"usr-5wbl3n6xmvdur4kfl4xl3ifedl\", \"active\": false, \"inactive_reason\": \"PHONE_PREFERRED\"}";

        assertEquals(List.of(), DESCRIPTION.problems("POST", "/v2/users/ins-x/link", 200, JSON_NO_STORE, linked));
        assertEquals(List.of(), DESCRIPTION.problems("DELETE", "/v1/users/usr-x", 204, Map.of("Cache-Control", "no-store"), null));
    }

    @Test
    void problemsWhenAFieldIsMissingRenamedOrOfAnotherTypeThenNamed() {
        List<String> missing = DESCRIPTION.problems("POST", "/v2/users/ins-x/link", 200, JSON_NO_STORE,
                "{\"id\": \"usr-5wbl3n6xmvdur4kfl4xl3ifedl\", \"active\": true}");
        List<String> wrongType = DESCRIPTION.problems("POST", "/v2/users/ins-x/link", 200, JSON_NO_STORE,
                "{\"id\": \"usr-5wbl3n6xmvdur4kfl4xl3ifedl\", \"active\": \"yes\", \"inactive_reason\": null}");

        assertTrue(missing.toString().contains("inactive_reason"), missing.toString());
        assertTrue(wrongType.toString().contains("active"), wrongType.toString());
    }

    @Test
    void problemsWhenAnErrorCodeTheRouteDoesNotListThenNamed() {
        String problem = "{\"type\": \"urn:userlink:problem:user-not-found\", \"title\": \"User not found\", \"status\": 404,"
                + " \"detail\": \"x\", \"code\": \"USER_NOT_FOUND\", \"errorCode\": \"USER_NOT_FOUND\", \"message\": \"x\"}";

        List<String> problems = DESCRIPTION.problems("POST", "/v2/users/ins-x/link", 404,
                Map.of("Content-Type", "application/problem+json", "Cache-Control", "no-store"), problem);

        assertTrue(problems.toString().contains("code"), problems.toString());
    }

    @Test
    void problemsWhenARequiredHeaderIsMissingOrTheMediaTypeIsAnotherThenNamed() {
        String tokens = "{\"access_token\": \"a\", \"refresh_token\": \"ulr_x\", \"token_type\": \"Bearer\", \"expires_in\": 60,"
                + " \"scope\": \"user\"}";

        assertTrue(DESCRIPTION.problems("POST", "/v1/token", 200, JSON_NO_STORE, tokens).toString().contains("Pragma"));
        assertTrue(DESCRIPTION.problems("POST", "/v1/token", 400, Map.of("Content-Type", "application/problem+json",
                "Cache-Control", "no-store", "Pragma", "no-cache"), "{}").toString().contains("application/problem+json"));
    }

    @Test
    void problemsWhenNoOperationMatchesThenHeldToTheDefaultRoutesAnswers() {
        String routeNotFound = "{\"type\": \"urn:userlink:problem:route-not-found\", \"title\": \"No such route\","
                + " \"status\": 404, \"detail\": \"No route matches /nope.\", \"code\": \"ROUTE_NOT_FOUND\"}";
        Map<String, String> problemHeaders = Map.of("Content-Type", "application/problem+json", "Cache-Control", "no-store");

        assertEquals(List.of(), DESCRIPTION.problems("GET", "/nope", 404, problemHeaders, routeNotFound));
        assertTrue(DESCRIPTION.problems("DELETE", "/v1/installs", 405, problemHeaders, routeNotFound).toString().contains("Allow"));
    }
}
