package io.userlink.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A read-only view of the project's SAM template: the functions, their HTTP API routes and environment,
 * and the DynamoDB table definition. The local runtime and the tests read the template instead of
 * repeating what it says, so the template stays the single source of truth.
 */
public final class SamTemplate {

    /** An HTTP API route of a function: method ({@code ANY} allowed) and path with {@code {param}} segments. */
    public record Route(String functionLogicalId, String method, String path) {}

    /**
     * A function resource: its logical id, handler class name, environment (Globals merged in), routes, the
     * {@code Policies} of its execution role, and its properties with Globals merged in (one level deep, as
     * SAM merges maps).
     */
    public record Function(String logicalId, String handler, Map<String, Object> environment, List<Route> routes,
                           List<Object> policies, Map<String, Object> properties) {}

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    /**
     * Reads a template file.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or not a SAM template
     */
    public static SamTemplate read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object loaded = new Yaml(new IntrinsicFunctionConstructor()).load(reader);
            if (!(loaded instanceof Map<?, ?> map) || !(map.get("Resources") instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(file + " is not a SAM template: it has no Resources section");
            }
            return new SamTemplate(cast(map));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the SAM template " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Finds {@code template.yaml} in {@code start} or the nearest parent directory holding one.
     *
     * @throws IllegalArgumentException when no directory up to the file system root has one
     */
    public static Path locate(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no template.yaml in " + start.toAbsolutePath() + " or its parents");
    }

    /** Every {@code AWS::Serverless::Function}, in template order, with Globals' environment merged in. */
    public List<Function> functions() {
        Object globals = path(root, "Globals", "Function");
        Map<String, Object> globalProperties = globals == null ? Map.of() : cast(globals);
        Map<String, Object> globalVariables = variables(globals);
        List<Function> functions = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function").forEach((logicalId, properties) -> {
            Map<String, Object> environment = new LinkedHashMap<>(globalVariables);
            environment.putAll(variables(properties));
            Map<String, Object> merged = new LinkedHashMap<>(globalProperties);
            properties.forEach((name, value) -> merged.merge(name, value, SamTemplate::mergeGlobal));
            Object policies = properties.get("Policies");
            functions.add(new Function(logicalId, String.valueOf(properties.get("Handler")), environment,
                    routes(logicalId, properties), policies == null ? List.of() : policies instanceof List<?> list
                    ? List.copyOf(list) : List.of(policies), merged));
        });
        return functions;
    }

    /** SAM's Globals rule: a map property merges key by key, anything else the resource's own value wins. */
    private static Object mergeGlobal(Object global, Object own) {
        if (global instanceof Map<?, ?> globalMap && own instanceof Map<?, ?> ownMap) {
            Map<Object, Object> merged = new LinkedHashMap<>(globalMap);
            merged.putAll(ownMap);
            return merged;
        }
        return own;
    }

    /** The function with this logical id. */
    public Optional<Function> function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst();
    }

    /** Every route of every function, in template order. */
    public List<Route> routes() {
        return functions().stream().flatMap(f -> f.routes().stream()).toList();
    }

    /**
     * The properties of the one {@code AWS::DynamoDB::Table}.
     *
     * @throws IllegalStateException when the template does not hold exactly one table
     */
    public Map<String, Object> table() {
        Map<String, Map<String, Object>> tables = resourcesOfType("AWS::DynamoDB::Table");
        if (tables.size() != 1) {
            throw new IllegalStateException("expected one AWS::DynamoDB::Table in the template, found " + tables.size());
        }
        return tables.values().iterator().next();
    }

    /** The properties of every resource of a CloudFormation type, by logical id. */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources(type::equals).forEach((logicalId, resource) -> found.put(logicalId, resource.properties()));
        return found;
    }

    /** A resource: its type and properties (none is an empty map). */
    public record Resource(String type, Map<String, Object> properties) {}

    /** The template's custom resources ({@code Custom::...} or {@code AWS::CloudFormation::CustomResource}), by logical id. */
    public Map<String, Resource> customResources() {
        return resources(type -> type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource"));
    }

    /** The resources whose type {@code accepted} accepts, by logical id, in the template's order. */
    private Map<String, Resource> resources(Predicate<String> accepted) {
        Map<String, Resource> found = new LinkedHashMap<>();
        cast(root.get("Resources")).forEach((logicalId, resource) -> {
            Map<String, Object> definition = cast(resource);
            String type = String.valueOf(definition.get("Type"));
            if (accepted.test(type)) {
                Object properties = definition.get("Properties");
                found.put(logicalId, new Resource(type, properties == null ? Map.of() : cast(properties)));
            }
        });
        return found;
    }

    /** The declaration of the template parameter {@code name} ({@code Type}, {@code Default}, ...), if there is one. */
    public Optional<Map<?, ?>> parameter(String name) {
        return path(root, "Parameters", name) instanceof Map<?, ?> declared ? Optional.of(declared) : Optional.empty();
    }

    /** The raw parsed template, for checks this class does not model. */
    public Map<String, Object> raw() {
        return root;
    }

    private static List<Route> routes(String logicalId, Map<String, Object> properties) {
        List<Route> routes = new ArrayList<>();
        Object events = properties.get("Events");
        if (events == null) {
            return routes;
        }
        cast(events).values().forEach(event -> {
            Map<String, Object> definition = cast(event);
            if ("HttpApi".equals(definition.get("Type")) && definition.get("Properties") != null) {
                Map<String, Object> eventProperties = cast(definition.get("Properties"));
                routes.add(new Route(logicalId,
                        String.valueOf(eventProperties.getOrDefault("Method", "ANY")).toUpperCase(),
                        String.valueOf(eventProperties.getOrDefault("Path", "$default"))));
            }
        });
        return routes;
    }

    private static Map<String, Object> variables(Object properties) {
        Object variables = path(properties, "Environment", "Variables");
        return variables == null ? Map.of() : cast(variables);
    }

    /** The value at {@code keys} in nested maps from {@code start}, or null where one is missing. */
    public static Object path(Object start, String... keys) {
        Object current = start;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) Objects.requireNonNull(value);
    }

    /**
     * Reads CloudFormation's short-form intrinsic functions ({@code !Ref}, {@code !Sub}, {@code !GetAtt}...)
     * as the long form ({@code {"Ref": ...}}), which is what they mean.
     */
    private static final class IntrinsicFunctionConstructor extends SafeConstructor {
        IntrinsicFunctionConstructor() {
            super(new LoaderOptions());
            for (String function : List.of("Ref", "Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals",
                    "Not", "And", "Or", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs", "Condition")) {
                String name = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value = switch (node) {
                            case ScalarNode scalar -> scalar.getValue();
                            case SequenceNode sequence -> constructSequence(sequence);
                            case MappingNode mapping -> constructMapping(mapping);
                            default -> throw new IllegalArgumentException("unexpected node " + node);
                        };
                        return Map.of(name, value);
                    }
                });
            }
        }
    }
}
