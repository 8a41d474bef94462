package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `serve --data-dir` keeps apps, credentials and keys across restarts; SIGTERM stops it within seconds. */
class DataDirectoryIT {

    private static final String REGISTRATION = "{\"platform\": \"ios\", \"device_class\": \"tablet\", \"sdk_version\": \"2\"}";

    @TempDir
    Path directory;

    @Test
    void serveWhenRestartedOnTheSameDataDirectoryThenKeepsTheDemoAppAndTheKeyRing() throws Exception {
        Path data = directory.resolve("data");
        Path credentialsFile = directory.resolve("credentials.json");
        JsonNode firstCredentials;
        String firstKeys;
        try (ServeProcess first = ServeProcess.start("serve", "--port", "0", "--data-dir", data.toString(),
                "--credentials-file", credentialsFile.toString())) {
            URI url = first.awaitReady();
            firstCredentials = Http.json(Files.readString(credentialsFile));
            firstKeys = Http.get(url.resolve("/.well-known/jwks.json")).body();

            // when: stopped as Ctrl-C stops it
            long stopping = System.nanoTime();
            first.terminate();
            int status = first.awaitExit(Duration.ofSeconds(15));
            assertTrue(status >= 0, "still running 15 s after SIGTERM");
            assertTrue(Duration.ofNanos(System.nanoTime() - stopping).compareTo(Duration.ofSeconds(10)) < 0);
        }

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
    }
}
