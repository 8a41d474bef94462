package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.userlink.local.SamTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

    /** Every event, in this JVM as the command line runs it: each invoke builds its own local deployment. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void invokeWhenEventFileGivenThenPrintsItsFunctionsResponse(String file) throws Exception {
        // given
        JsonNode event = Http.json(Files.readString(EVENTS.resolve(file)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // when
        int status = UserlinkCli.run(new String[] {"invoke", functionFor(event.get("routeKey").asText()),
                "--event", EVENTS.resolve(file).toString(), "--template", ServeProcess.PROJECT.resolve("template.yaml").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));

        // then
        assertEquals(0, status, err.toString());
        assertStatusAsExpected(file, out.toString());
    }

    /** One event through the jar, as a user runs it: its own JVM, the project directory, relative paths. */
    @Test
    void invokeWhenRunFromTheJarThenPrintsTheResponse() throws Exception {
        String file = "register-install.json";
        JsonNode event = Http.json(Files.readString(EVENTS.resolve(file)));
        try (ServeProcess invoke = ServeProcess.start("invoke", functionFor(event.get("routeKey").asText()),
                "--event", "events/" + file)) {
            int status = invoke.awaitExit(Duration.ofSeconds(60));

            assertEquals(0, status, invoke.stderr());
            assertStatusAsExpected(file, String.join("\n", invoke.stdout()));
        }
    }

    private static void assertStatusAsExpected(String file, String printed) throws Exception {
        JsonNode response = Http.json(printed);
        JsonNode expected = Http.json(Files.readString(EXPECTED.resolve(file)));
        assertEquals(expected.get("statusCode").asInt(), response.get("statusCode").asInt(), response.toString());
    }

    private static String functionFor(String routeKey) {
        SamTemplate template = SamTemplate.read(ServeProcess.PROJECT.resolve("template.yaml"));
        return template.routes().stream()
                .filter(route -> routeKey.equals(route.path().equals("$default") ? "$default" : route.method() + " " + route.path()))
                .findFirst().orElseThrow(() -> new AssertionError("no route for " + routeKey))
                .functionLogicalId();
    }
}
