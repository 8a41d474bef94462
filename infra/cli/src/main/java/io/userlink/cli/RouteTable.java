package io.userlink.cli;

import io.userlink.local.SamTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API's routes as the template declares them, matched as API Gateway matches them: an exact
 * method and path (with {@code {name}} segments), else the {@code $default} route.
 */
final class RouteTable {

    /** A matched route: the function, the route key API Gateway reports, and the captured path parameters. */
    record Match(String functionLogicalId, String routeKey, Map<String, String> pathParameters) {}

    private record CompiledRoute(SamTemplate.Route route, Pattern pattern, List<String> names) {}

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final String DEFAULT = "$default";

    private final List<CompiledRoute> routes;
    private final Optional<SamTemplate.Route> fallback;

    RouteTable(List<SamTemplate.Route> declared) {
        this.routes = declared.stream().filter(route -> !route.path().equals(DEFAULT)).map(RouteTable::compile).toList();
        this.fallback = declared.stream().filter(route -> route.path().equals(DEFAULT)).findFirst();
    }

    /** The route a request goes to; empty when nothing matches and the API has no {@code $default} route. */
    Optional<Match> match(String method, String path) {
        for (CompiledRoute compiled : routes) {
            String routeMethod = compiled.route().method();
            Matcher matcher = compiled.pattern().matcher(path);
            if ((routeMethod.equals("ANY") || routeMethod.equals(method)) && matcher.matches()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < compiled.names().size(); i++) {
                    parameters.put(compiled.names().get(i), matcher.group(i + 1));
                }
                return Optional.of(new Match(compiled.route().functionLogicalId(),
                        routeMethod + " " + compiled.route().path(), parameters));
            }
        }
        return fallback.map(route -> new Match(route.functionLogicalId(), DEFAULT, Map.of()));
    }

    private static CompiledRoute compile(SamTemplate.Route route) {
        Matcher matcher = PARAMETER.matcher(route.path());
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(route.path().substring(last, matcher.start()))).append("([^/]+)");
            names.add(matcher.group(1));
            last = matcher.end();
        }
        regex.append(Pattern.quote(route.path().substring(last)));
        return new CompiledRoute(route, Pattern.compile(regex.toString()), List.copyOf(names));
    }
}
