package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.userlink.json.Json;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import io.userlink.token.KeyRing;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * `serve --data-dir` keeps apps, credentials and keys across restarts, and updates a data directory from an earlier
 * version as CloudFormation updates a stack; SIGTERM stops it within seconds.
 */
class DataDirectoryIT {

    private static final String REGISTRATION = "{\"platform\": \"ios\", \"device_class\": \"tablet\", \"sdk_version\": \"2\"}";

    @TempDir
    Path directory;

    /**
     * A data directory from before the public keys secret (a rotated key ring, the public keys secret as the update
     * creates it, the template's placeholder, and no custom resource yet), served, stopped as Ctrl-C stops it, and
     * served again. The deployment's {@code PublicKeysPublication} writes the ring's public keys once; the restart
     * keeps the demo app, its credentials and the key ring. One story, because each start of {@code serve}
     * publishes every function (about 15 s here).
     */
    @Test
    void serveWhenAnEarlierDataDirectoryIsServedStoppedAndServedAgainThenThePublicKeysAreWrittenOnceAndTheDemoAppKept()
            throws Exception {
        // given
        Path data = directory.resolve("data");
        Path credentialsFile = directory.resolve("credentials.json");
        KeyRing ring = KeyRing.generate(new SecureRandom());
        String publicKeysSecret = LocalDeployment.STACK_NAME + "/public-keys";
        try (LocalAws aws = LocalAws.start(SamTemplate.locate(Path.of("")), data, Map.of(), LocalAws.Mail.quiet());
             SecretsManagerClient harness = aws.client(SecretsManagerClient.builder(), aws.principal(LocalAws.HARNESS))) {
            harness.putSecretValue(r -> r.secretId(LocalDeployment.STACK_NAME + "/key-ring")
                    .secretString(Json.write(ring.toSecretJson())));
            assertTrue(harness.getSecretValue(r -> r.secretId(publicKeysSecret)).secretString().contains("placeholder"));
        }
        Set<String> ringKids = Set.of(ring.current().getKeyID(), ring.next().getKeyID());

        // when
        JsonNode firstCredentials;
        String firstKeys;
        try (ServeProcess first = ServeProcess.start("serve", "--port", "0", "--data-dir", data.toString(),
                "--credentials-file", credentialsFile.toString())) {
            URI url = first.awaitReady();
            firstCredentials = Http.json(Files.readString(credentialsFile));
            firstKeys = Http.get(url.resolve("/.well-known/jwks.json")).body();

            // then
            assertEquals(ringKids, kids(firstKeys));

            // when: stopped as Ctrl-C stops it
            long stopping = System.nanoTime();
            first.terminate();
            int status = first.awaitExit(Duration.ofSeconds(15));
            assertTrue(status >= 0, "still running 15 s after SIGTERM");
            assertTrue(Duration.ofNanos(System.nanoTime() - stopping).compareTo(Duration.ofSeconds(10)) < 0);
        }
        String created = Files.readString(data.resolve("custom-resources.json"));

        try (ServeProcess second = ServeProcess.start("serve", "--port", "0", "--data-dir", data.toString(),
                "--credentials-file", credentialsFile.toString())) {
            URI url = second.awaitReady();
            JsonNode secondCredentials = Http.json(Files.readString(credentialsFile));

            // then
            assertEquals(firstCredentials.get("app_id"), secondCredentials.get("app_id"));
            assertEquals(firstCredentials.get("app_secret"), secondCredentials.get("app_secret"));
            assertEquals(firstKeys, Http.get(url.resolve("/.well-known/jwks.json")).body());
            assertEquals(201, Http.send("POST", url.resolve("/v1/installs"),
                    Http.basic(secondCredentials.get("app_id").asText(), secondCredentials.get("app_secret").asText()),
                    "application/json", REGISTRATION).statusCode());
        }
        assertEquals(created, Files.readString(data.resolve("custom-resources.json")), "created once, never updated");
        try (LocalAws aws = LocalAws.start(SamTemplate.locate(Path.of("")), data, Map.of(), LocalAws.Mail.quiet());
             SecretsManagerClient harness = aws.client(SecretsManagerClient.builder(), aws.principal(LocalAws.HARNESS))) {
            assertEquals(2, harness.describeSecret(r -> r.secretId(publicKeysSecret)).versionIdsToStages().size(),
                    "the placeholder and one version of public keys");
        }
    }

    private static Set<String> kids(String jwks) throws IOException {
        Set<String> kids = new HashSet<>();
        Http.json(jwks).get("keys").forEach(key -> kids.add(key.get("kid").asText()));
        return kids;
    }
}
