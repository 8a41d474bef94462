package io.userlink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.app.App.AppSettings;
import io.userlink.app.AppAdministration;
import io.userlink.app.AppAdministration.CreatedApp;
import io.userlink.app.AppStore;
import io.userlink.app.Scope;
import io.userlink.config.Components;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;

/**
 * The demo app the local runtime seeds on first start: an app, its app secret and an API key with every
 * scope, written to the credentials file. A runtime with a data directory finds them again on restart.
 */
record DemoApp(String baseUrl, String appId, String appSecret, String apiKey) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The demo app named by {@code credentialsFile} if it still exists, else a new one. */
    static DemoApp ensure(Components components, Optional<Path> credentialsFile, URI baseUrl) {
        AppStore apps = components.apps();
        Optional<DemoApp> existing = credentialsFile.filter(Files::isRegularFile).flatMap(DemoApp::read)
                .filter(demo -> apps.find(demo.appId()).isPresent());
        if (existing.isPresent()) {
            return new DemoApp(baseUrl.toString(), existing.get().appId(), existing.get().appSecret(), existing.get().apiKey());
        }
        AppAdministration administration = new AppAdministration(apps, components.appCredentials(), components.ids(),
                InstantSource.system());
        CreatedApp created = administration.createApp("Demo app", AppSettings.defaults());
        String apiKey = administration.createApiKey(created.app().appId(), "demo key (all scopes)", Set.of(Scope.values()), null);
        return new DemoApp(baseUrl.toString(), created.app().appId(), created.appSecret(), apiKey);
    }

    /** Writes {@code {"base_url", "app_id", "app_secret", "api_key"}}, readable by the owner only where possible. */
    void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.createObjectNode()
                    .put("base_url", baseUrl).put("app_id", appId).put("app_secret", appSecret).put("api_key", apiKey)) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps its directory's permissions.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<DemoApp> read(Path file) {
        try {
            var node = JSON.readTree(file.toFile());
            return Optional.of(new DemoApp(node.path("base_url").asText(), node.path("app_id").asText(),
                    node.path("app_secret").asText(), node.path("api_key").asText()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps the secrets out of logs. */
    @Override
    public String toString() {
        return "DemoApp[" + appId + "]";
    }
}
