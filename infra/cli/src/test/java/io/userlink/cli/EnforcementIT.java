package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `userlink serve` over a template with one permission taken away, as a deployment of it would behave: a
 * route whose function may not make a call fails with a problem document and a log line naming what was
 * denied; a SnapStart hook that may not read stops the start, as the publish of the version would fail.
 */
class EnforcementIT {

    private static final String REGISTRATION = "{\"platform\": \"android\", \"device_class\": \"phone\", \"sdk_version\": \"1.0.0\"}";

    @TempDir
    Path directory;

    @Test
    void routeWhenItsFunctionMayNotGetItemThenA500ProblemAndTheLogNamesTheDeniedActionAndResource() throws Exception {
        // given: InstallStatusFunction may Query but not GetItem; without SnapStart no hook reads before the route
        Path template = withPolicyChange("InstallStatusFunction", "- dynamodb:GetItem", "- dynamodb:Query");
        ServeProcess.Served served = ServeProcess.serve(directory, "--template", template.toString(), "--snapstart", "off");
        try (ServeProcess serve = served.process()) {
            JsonNode install = Http.json(Http.send("POST", served.url().resolve("/v1/installs"), Http.basic(
                    served.credentials().get("app_id").asText(), served.credentials().get("app_secret").asText()),
                    "application/json", REGISTRATION));

            // when
            HttpResponse<String> status = Http.send("GET", served.url().resolve("/v1/installs/" + install.get("install_id").asText()),
                    "Bearer " + install.get("access_token").asText(), null, null);

            // then
            assertEquals(500, status.statusCode(), status.body());
            assertEquals("application/problem+json", status.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("INTERNAL_ERROR", Http.json(status.body()).get("code").asText());
            assertTrue(serve.stderr().contains("AccessDenied InstallStatusFunction dynamodb:GetItem"
                    + " arn:aws:dynamodb:us-east-1:000000000000:table/userlink"), serve.stderr());
            assertTrue(serve.stderr().contains("is not authorized to perform: dynamodb:GetItem"), "the function's own log");
        }
    }

    @Test
    void serveWhenAHookMayNotReadTheKeyRingThenRefusesToStartNamingTheFunctionAndTheHook() throws Exception {
        // given: JwksFunction primes the key ring before its snapshot, but may no longer read it
        Path template = withPolicyChange("JwksFunction", "Action: secretsmanager:GetSecretValue", "Action: secretsmanager:DescribeSecret");

        // when
        try (ServeProcess serve = ServeProcess.start("serve", "--port", "0", "--template", template.toString(),
                "--credentials-file", directory.resolve("credentials.json").toString())) {
            int status = serve.awaitExit(Duration.ofSeconds(60));

            // then
            assertEquals(1, status, serve.stderr());
            assertTrue(serve.stderr().contains("JwksFunction: publishing a SnapStart version failed: a beforeCheckpoint hook failed"),
                    serve.stderr());
            assertTrue(serve.stderr().contains("secretsmanager:GetSecretValue"), serve.stderr());
        }
    }

    @Test
    void invokeWhenAnotherFunctionsHookFailsThenPublishesOnlyTheFunctionItInvokes() throws Exception {
        // given: JwksFunction's priming may no longer read the key ring
        Path template = withPolicyChange("JwksFunction", "Action: secretsmanager:GetSecretValue", "Action: secretsmanager:DescribeSecret");
        Path event = ServeProcess.PROJECT.resolve("events");

        // when
        try (ServeProcess discovery = ServeProcess.start("invoke", "OpenIdConfigurationFunction", "--template", template.toString(),
                "--event", event.resolve("openid-configuration.json").toString());
             ServeProcess jwks = ServeProcess.start("invoke", "JwksFunction", "--template", template.toString(),
                     "--event", event.resolve("jwks.json").toString())) {

            // then
            assertEquals(0, discovery.awaitExit(Duration.ofSeconds(60)), discovery.stderr());
            assertEquals(1, jwks.awaitExit(Duration.ofSeconds(60)), jwks.stderr());
            assertTrue(jwks.stderr().contains("JwksFunction: publishing a SnapStart version failed"), jwks.stderr());
        }
    }

    /** template.yaml with one replacement inside one function's definition, written beside the test. */
    private Path withPolicyChange(String function, String from, String to) throws Exception {
        String template = Files.readString(ServeProcess.PROJECT.resolve("template.yaml"));
        int start = template.indexOf("\n  " + function + ":\n");
        int end = template.indexOf("      Events:", start);
        String definition = template.substring(start, end);
        assertTrue(definition.contains(from), function + " has no " + from);
        Path changed = directory.resolve("template.yaml");
        Files.writeString(changed, template.substring(0, start) + definition.replace(from, to) + template.substring(end));
        return changed;
    }
}
