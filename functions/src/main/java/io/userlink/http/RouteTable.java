package io.userlink.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The routes of the HTTP API, as {@code template.yaml} declares them (a test keeps the two equal). API
 * Gateway sends whatever matches none of them to the {@code $default} route, which uses this table to tell
 * a wrong method (405) from an unknown path (404).
 */
public final class RouteTable {

    /** A route: method and path template with {@code {name}} segments. */
    public record Route(String method, String path) {
        /**
         * Whether {@code requestPath} has this route's segments, any non-empty one standing for a {@code {name}}
         * segment. Compared segment by segment, not by a regular expression: this runs in the unmatched route's cold
         * start, where compiling a pattern per route cost more than the rest of the request.
         */
        boolean matchesPath(String requestPath) {
            String[] expected = path.split("/", -1);
            String[] actual = requestPath.split("/", -1);
            if (expected.length != actual.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                boolean parameter = expected[i].startsWith("{");
                if (parameter ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    public static final List<Route> ROUTES = List.of(
            new Route("POST", "/v1/installs"),
            new Route("POST", "/v2/users/{install_id}/link"),
            new Route("POST", "/v1/auth-codes"),
            new Route("POST", "/v1/users"),
            new Route("GET", "/v1/installs/{install_id}"),
            new Route("POST", "/v1/installs/{install_id}/reset"),
            new Route("DELETE", "/v1/users/{user_id}"),
            new Route("GET", "/v1/users/{user_id}"),
            new Route("GET", "/v1/users"),
            new Route("POST", "/v1/token"),
            new Route("POST", "/v1/token/introspect"),
            new Route("POST", "/v1/accounts"),
            new Route("POST", "/v1/accounts/sign-in"),
            new Route("POST", "/v1/accounts/sign-out"),
            new Route("GET", "/v1/accounts/me"),
            new Route("PATCH", "/v1/accounts/me"),
            new Route("POST", "/v1/accounts/me/password"),
            new Route("POST", "/v1/accounts/me/deletion"),
            new Route("POST", "/v1/accounts/me/email"),
            new Route("POST", "/v1/accounts/confirm"),
            new Route("POST", "/v1/accounts/confirmation"),
            new Route("POST", "/v1/accounts/password-reset"),
            new Route("POST", "/v1/accounts/password-reset/confirm"),
            new Route("GET", "/.well-known/jwks.json"),
            new Route("GET", "/.well-known/openid-configuration"));

    private RouteTable() {}

    /** The methods of the routes whose path matches {@code requestPath}; empty when no path matches. */
    public static List<String> methodsFor(String requestPath) {
        List<String> methods = new ArrayList<>();
        for (Route route : ROUTES) {
            if (route.matchesPath(requestPath)) {
                methods.add(route.method());
            }
        }
        return List.copyOf(methods);
    }
}
