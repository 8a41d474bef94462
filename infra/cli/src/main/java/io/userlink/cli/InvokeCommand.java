package io.userlink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.config.Components;
import io.userlink.local.SamTemplate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code userlink invoke}: one function, one event file, like {@code sam local invoke}. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Invoke one function of template.yaml with one event file and print its response, like"
                + " `sam local invoke FUNCTION -e FILE`, over fresh local stand-ins with a demo app. Placeholder"
                + " credentials in the event (app-replacewithyours) are replaced by the demo app's.")
final class InvokeCommand implements Callable<Integer> {

    static final String PLACEHOLDER_APP = "app-replacewithyours";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "FUNCTION_LOGICAL_ID", description = "e.g. RegisterInstallFunction")
    String function;

    @Option(names = {"--event", "-e"}, required = true, description = "The event file, e.g. events/register-install.json.")
    Path event;

    @Option(names = "--data-dir", description = "Use the tables and secrets a `serve --data-dir` kept (while it is stopped).")
    Path dataDirectory;

    @Option(names = "--template", description = "The SAM template (default: template.yaml here or in a parent directory).")
    Path template;

    @Override
    public Integer call() throws IOException {
        Path templateFile = template != null ? template : SamTemplate.locate(Path.of(""));
        if (!Files.isRegularFile(event)) {
            throw new IllegalArgumentException("no event file " + event);
        }
        JsonNode eventJson = JSON.readTree(event.toFile());
        try (LocalRuntime runtime = LocalRuntime.start(templateFile, dataDirectory, URI.create("http://127.0.0.1:3000"))) {
            LambdaFunction lambda = runtime.function(function);
            DemoApp demo = DemoApp.ensure(Components.fromEnvironment(), Optional.empty(), runtime.issuer());
            replacePlaceholderCredentials(eventJson, demo);
            String result;
            try {
                result = lambda.invoke(JSON.writeValueAsString(eventJson), LocalContext.of(function, System.err));
            } catch (RuntimeException e) {
                // As Lambda reports a function error.
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.createObjectNode()
                        .put("errorType", e.getClass().getName()).put("errorMessage", String.valueOf(e.getMessage()))));
                return 1;
            }
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(result)));
            return 0;
        }
    }

    /** The events in {@code events/} carry placeholder credentials; the demo app's stand in for them. */
    private static void replacePlaceholderCredentials(JsonNode event, DemoApp demo) {
        if (!(event.path("headers") instanceof ObjectNode headers) || !headers.has("authorization")) {
            return;
        }
        String authorization = headers.get("authorization").asText();
        if (authorization.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            if (decoded.startsWith(PLACEHOLDER_APP + ":")) {
                headers.put("authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (demo.appId() + ":" + demo.appSecret()).getBytes(StandardCharsets.UTF_8)));
            }
        } else if (authorization.startsWith("Bearer ulk_" + PLACEHOLDER_APP)) {
            headers.put("authorization", "Bearer " + demo.apiKey());
        }
    }
}
