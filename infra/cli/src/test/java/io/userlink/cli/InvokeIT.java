package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.userlink.local.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `userlink invoke FUNCTION --event FILE` for every file in events/, as a user runs it: the status each
 * prints is the one paired with the event in the functions' expected responses.
 */
class InvokeIT {

    private static final Path EVENTS = ServeProcess.PROJECT.resolve("events");
    private static final Path EXPECTED = ServeProcess.PROJECT.resolve("functions/src/test/resources/expected");

    static Stream<String> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void invokeWhenEventFileGivenThenPrintsItsFunctionsResponse(String file) throws Exception {
        // given
        JsonNode event = Http.json(Files.readString(EVENTS.resolve(file)));
        String function = functionFor(event.get("routeKey").asText());

        // when
        try (ServeProcess invoke = ServeProcess.start("invoke", function, "--event", "events/" + file)) {
            int status = invoke.awaitExit(Duration.ofSeconds(60));

            // then
            assertEquals(0, status, invoke.stderr());
            JsonNode response = Http.json(String.join("\n", invoke.stdout()));
            JsonNode expected = Http.json(Files.readString(EXPECTED.resolve(file)));
            assertEquals(expected.get("statusCode").asInt(), response.get("statusCode").asInt(), response.toString());
        }
    }

    private static String functionFor(String routeKey) {
        SamTemplate template = SamTemplate.read(ServeProcess.PROJECT.resolve("template.yaml"));
        return template.routes().stream()
                .filter(route -> routeKey.equals(route.path().equals("$default") ? "$default" : route.method() + " " + route.path()))
                .findFirst().orElseThrow(() -> new AssertionError("no route for " + routeKey))
                .functionLogicalId();
    }
}
