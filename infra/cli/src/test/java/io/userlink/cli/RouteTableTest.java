package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.local.SamTemplate.Route;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable routes = new RouteTable(List.of(
            new Route("Link", "POST", "/v2/users/{install_id}/link"),
            new Route("Lookup", "GET", "/v1/users"),
            new Route("Default", "ANY", "$default")));

    @Test
    void matchWhenPathHasParametersThenCapturesThem() {
        assertEquals(Optional.of(new RouteTable.Match("Link", "POST /v2/users/{install_id}/link", Map.of("install_id", "ins-1"))),
                routes.match("POST", "/v2/users/ins-1/link"));
    }

    @Test
    void matchWhenMethodOrPathDiffersThenTheDefaultRoute() {
        assertEquals("Default", routes.match("GET", "/v2/users/ins-1/link").orElseThrow().functionLogicalId());
        assertEquals("$default", routes.match("POST", "/v2/users/a/b/link").orElseThrow().routeKey());
        assertEquals("Default", routes.match("GET", "/v1/users/").orElseThrow().functionLogicalId());
    }

    @Test
    void matchWhenNoDefaultRouteThenNothing() {
        assertEquals(Optional.empty(), new RouteTable(List.of(new Route("Lookup", "GET", "/v1/users"))).match("GET", "/x"));
    }
}
