package io.userlink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.app.AccountMail;
import io.userlink.app.AppAdministration;
import io.userlink.app.AppAdministration.CreatedApp;
import io.userlink.app.AppSettings;
import io.userlink.app.Scope;
import io.userlink.local.PrivateFiles;
import io.userlink.local.iam.AccessKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The demo app the local runtime seeds on first start: an app, its app secret and an API key with every
 * scope, written to the credentials file with the operator's AWS access key of this run. A runtime with a
 * data directory finds the app again on restart.
 */
record DemoApp(String baseUrl, String appId, String appSecret, String apiKey) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the demo app's mails link: a deep link of an app that does not exist, whose token the reader copies. */
    static final String CONFIRMATION_LINK = "userlink-demo://confirm?token={token}";
    static final String PASSWORD_RESET_LINK = "userlink-demo://reset-password?token={token}";

    /** The demo app named by {@code credentialsFile} if it still exists, else a new one, created by the operator. */
    static DemoApp ensure(AppAdministration operator, Optional<Path> credentialsFile, URI baseUrl) {
        Optional<DemoApp> existing = credentialsFile.filter(Files::isRegularFile).flatMap(DemoApp::read)
                .filter(demo -> operator.app(demo.appId()).isPresent());
        if (existing.isPresent()) {
            return new DemoApp(baseUrl.toString(), existing.get().appId(), existing.get().appSecret(), existing.get().apiKey());
        }
        // Registration stays automatic; the links let the walk-through reset a password and confirm an address.
        CreatedApp created = operator.createApp("Demo app", AppSettings.defaults().withAccountMail(AccountMail.defaults()
                .withConfirmationLink(CONFIRMATION_LINK).withPasswordResetLink(PASSWORD_RESET_LINK)));
        String apiKey = operator.createApiKey(created.app().appId(), "demo key (all scopes)", Set.of(Scope.values()), null);
        return new DemoApp(baseUrl.toString(), created.app().appId(), created.appSecret(), apiKey);
    }

    /**
     * Writes {@code {"base_url", "app_id", "app_secret", "api_key", "aws": {...}}}, readable by the owner only
     * where possible; {@code aws} holds the operator's access key of this run, for the admin commands and
     * the AWS CLI.
     */
    void write(Path file, AccessKey operator) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            ObjectNode document = JSON.createObjectNode().put("base_url", baseUrl).put("app_id", appId)
                    .put("app_secret", appSecret).put("api_key", apiKey);
            OperatorCredentials.write(document, operator);
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n");
            PrivateFiles.restrictToOwner(file);
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
