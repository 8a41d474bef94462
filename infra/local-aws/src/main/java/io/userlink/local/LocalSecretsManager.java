package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.local.iam.AwsError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Secrets Manager, locally: the operations Userlink uses, with version stages ({@code AWSCURRENT},
 * {@code AWSPREVIOUS}, {@code AWSPENDING}) as the rotation protocol needs them, and {@code RotateSecret},
 * which runs the secret's rotation function's four steps before it answers (the service runs them
 * afterwards). It is reached only through the {@link AwsGateway}, which authenticates and authorizes every
 * call first. With a state file, secrets survive restarts.
 */
public final class LocalSecretsManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> READ_ONLY = List.of("GetSecretValue", "DescribeSecret", "ListSecrets",
            "ListSecretVersionIds");
    private static final List<String> ROTATION_STEPS = List.of("createSecret", "setSecret", "testSecret", "finishSecret");

    /** The Lambda function that rotates a secret: its ARN (what a caller must be allowed to invoke) and its code. */
    public record RotationFunction(String arn, Consumer<Map<String, String>> invoke) {

        /**
         * A function that runs no step: for a caller that stages a rotation with {@code RotateSecret} and then hands the
         * rotation code each step itself, as the service would invoke it.
         */
        public static RotationFunction runningNoStep(String arn) {
            return new RotationFunction(arn, event -> { });
        }
    }

    private final SecretVault vault = new SecretVault(InstantSource.system());
    private final Map<String, RotationFunction> rotationFunctions = new ConcurrentHashMap<>();
    private final Path stateFile;

    private LocalSecretsManager(Path stateFile) {
        this.stateFile = stateFile;
    }

    /**
     * Opens the secrets kept in {@code stateFile}, or starts empty.
     *
     * @param stateFile where secrets are kept across restarts; null keeps them in memory
     * @throws UncheckedIOException when the state file is unreadable
     */
    static LocalSecretsManager open(Path stateFile) {
        LocalSecretsManager secrets = new LocalSecretsManager(stateFile);
        if (stateFile != null && Files.exists(stateFile)) {
            try {
                secrets.vault.restore(JSON.readTree(stateFile.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the local secrets in " + stateFile + ": " + e.getMessage(), e);
            }
        }
        return secrets;
    }

    /**
     * Registers the rotation function of a secret: {@code RotateSecret} calls it with the event Secrets
     * Manager sends a rotation Lambda ({@code SecretId}, {@code ClientRequestToken}, {@code Step}) once
     * per step.
     */
    public void onRotation(String secretName, RotationFunction function) {
        rotationFunctions.put(secretName, function);
    }

    /**
     * Drops a secret's unlabelled versions, as Secrets Manager drops them once they are a day old and more than its
     * quota: for a harness that writes more versions of one secret in a run than a day allows (the cold-start
     * benchmark's rotation case writes two a run). No AWS operation does this.
     */
    public void dropUnlabelledVersions(String secretName) {
        vault.dropUnlabelledVersions(secretName);
        persist("DropUnlabelledVersions");
    }

    /** Creates a secret with its initial value unless one of that name exists; true when it created it. */
    boolean createIfAbsent(String name, String initialValue) {
        if (vault.arn(name).isPresent()) {
            return false;
        }
        try {
            call("CreateSecret", JSON.createObjectNode().put("Name", name).put("SecretString", initialValue));
            return true;
        } catch (AwsError e) {
            throw new IllegalStateException("cannot create the secret " + name + ": " + e.getMessage(), e);
        }
    }

    /** The ARN of the secret a {@code SecretId} names (its name or ARN), if it exists. */
    Optional<String> arn(String secretId) {
        return vault.arn(secretId);
    }

    /** The rotation function of the secret a {@code SecretId} names, if one is registered. */
    Optional<RotationFunction> rotationFunction(String secretId) {
        try {
            return Optional.ofNullable(rotationFunctions.get(vault.name(JSON.createObjectNode().put("SecretId", secretId))));
        } catch (AwsError unknownSecret) {
            return Optional.empty();
        }
    }

    /**
     * Performs an operation the caller is allowed to perform.
     *
     * @throws AwsError what the service answers for this request
     */
    JsonNode call(String operation, JsonNode request) throws AwsError {
        RotationFunction rotation = null;
        if (operation.equals("RotateSecret")) {
            rotation = rotationFunctions.get(vault.name(request));
            if (rotation == null) {
                throw new AwsError(400, "InvalidRequestException", "No Lambda rotation function ARN is associated with this secret.");
            }
        }
        JsonNode response = vault.perform(operation, request);
        persist(operation);
        if (rotation != null) {
            // Outside the vault's lock: the rotation function calls the service back.
            SecretVault.StagedRotation staged = SecretVault.stagedRotation(response);
            for (String step : ROTATION_STEPS) {
                rotation.invoke().accept(Map.of("SecretId", response.get("ARN").asText(),
                        "ClientRequestToken", staged.token(), "Step", step));
            }
        }
        return response;
    }

    private synchronized void persist(String operation) {
        if (stateFile != null && !READ_ONLY.contains(operation)) {
            try {
                Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
                JSON.writeValue(temporary.toFile(), vault.snapshot());
                Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the local secrets in " + stateFile + ": " + e.getMessage(), e);
            }
        }
    }
}
