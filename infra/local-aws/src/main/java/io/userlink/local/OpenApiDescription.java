package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The project's {@code openapi.yaml} (OpenAPI 3.1), able to say whether a response conforms to it: the
 * operation found by method and path template, the response by status, every required header present and
 * valid, the media type declared, the body valid against the schema (JSON Schema 2020-12, OpenAPI 3.1's
 * dialect). A request no operation matches is held to the {@code $default} route's responses
 * ({@code components.responses.RouteNotFound}, {@code MethodNotAllowed}).
 */
public final class OpenApiDescription {

    /** An operation: method in upper case, path template as written. */
    public record Operation(String method, String path) {}

    private static final String BASE = "https://userlink.local/openapi.json";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final JsonSchemaFactory schemas;

    private OpenApiDescription(JsonNode document) {
        this.document = document;
        String json = document.toString();
        this.schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, json))));
    }

    /**
     * Reads a description.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public static OpenApiDescription read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return new OpenApiDescription(JSON.valueToTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The description beside {@code template.yaml}, found from the working directory up. */
    public static OpenApiDescription ofProject() {
        return read(SamTemplate.locate(Path.of("")).resolveSibling("openapi.yaml"));
    }

    /** Every operation the description declares. */
    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
            if (path.getValue().has(method)) {
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey()));
            }
        }));
        return operations;
    }

    /**
     * What in a response does not conform to the description: empty when it does.
     *
     * @param headers the response's headers (names compared case-insensitively)
     * @param body the body as sent, or null for none
     */
    public List<String> problems(String method, String rawPath, int status, Map<String, String> headers, String body) {
        String where = method + " " + rawPath + " " + status;
        Optional<String> pathTemplate = pathTemplate(rawPath);
        String responsePointer;
        if (pathTemplate.isPresent() && document.path("paths").path(pathTemplate.get()).has(method.toLowerCase(Locale.ROOT))) {
            String operation = "/paths/" + escape(pathTemplate.get()) + "/" + method.toLowerCase(Locale.ROOT) + "/responses";
            JsonNode responses = document.at(operation);
            String key = responses.has(Integer.toString(status)) ? Integer.toString(status)
                    : responses.has((status / 100) + "XX") ? (status / 100) + "XX" : responses.has("default") ? "default" : null;
            if (key == null) {
                return List.of(where + ": the description lists no such response");
            }
            responsePointer = operation + "/" + escape(key);
        } else {
            responsePointer = "/components/responses/" + (pathTemplate.isPresent() ? "MethodNotAllowed" : "RouteNotFound");
            int expected = pathTemplate.isPresent() ? 405 : 404;
            if (status != expected) {
                return List.of(where + ": a request no operation matches gets " + expected + " from the $default route");
            }
        }
        responsePointer = followReference(responsePointer);
        List<String> problems = new ArrayList<>();
        checkHeaders(where, responsePointer, headers, problems);
        checkContent(where, responsePointer, headers, body, problems);
        return problems;
    }

    private void checkHeaders(String where, String responsePointer, Map<String, String> headers, List<String> problems) {
        document.at(responsePointer).path("headers").properties().forEach(declared -> {
            String headerPointer = followReference(responsePointer + "/headers/" + escape(declared.getKey()));
            Optional<String> value = header(headers, declared.getKey());
            if (value.isEmpty()) {
                if (document.at(headerPointer).path("required").asBoolean(false)) {
                    problems.add(where + ": lacks the header " + declared.getKey());
                }
                return;
            }
            for (ValidationMessage message : schema(headerPointer + "/schema").validate(new TextNode(value.get()))) {
                problems.add(where + ": header " + declared.getKey() + ": " + message.getMessage());
            }
        });
    }

    private void checkContent(String where, String responsePointer, Map<String, String> headers, String body,
                              List<String> problems) {
        JsonNode content = document.at(responsePointer).path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                problems.add(where + ": the description declares no body, the response has one");
            }
            return;
        }
        String mediaType = header(headers, "Content-Type").map(value -> value.split(";")[0].strip().toLowerCase(Locale.ROOT))
                .orElse("");
        if (!content.has(mediaType)) {
            problems.add(where + ": Content-Type " + mediaType + " is not one of " + iterate(content.fieldNames()));
            return;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            problems.add(where + ": the body is not JSON");
            return;
        }
        if (parsed == null || parsed.isMissingNode()) {
            problems.add(where + ": the body is empty");
            return;
        }
        for (ValidationMessage message : schema(responsePointer + "/content/" + escape(mediaType) + "/schema").validate(parsed)) {
            problems.add(where + ": " + message.getMessage());
        }
    }

    private JsonSchema schema(String pointer) {
        return schemas.getSchema(SchemaLocation.of(BASE + "#" + pointer));
    }

    /** A response or header object may be a reference to a component: the pointer of what it refers to. */
    private String followReference(String pointer) {
        JsonNode node = document.at(pointer);
        return node.has("$ref") ? node.get("$ref").asText().substring(1) : pointer;
    }

    /** The path template that a request path matches, if any: each {@code {name}} matches one non-empty segment. */
    private Optional<String> pathTemplate(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        return iterate(document.path("paths").fieldNames()).stream().filter(template -> {
            String[] parts = template.split("/", -1);
            if (parts.length != segments.length) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                boolean parameter = parts[i].startsWith("{") && parts[i].endsWith("}");
                if (parameter ? segments[i].isEmpty() : !parts[i].equals(segments[i])) {
                    return false;
                }
            }
            return true;
        }).findFirst();
    }

    private static Optional<String> header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst();
    }

    /** JSON Pointer escaping (RFC 6901): {@code ~} then {@code /}. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> iterate(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
