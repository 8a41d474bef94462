package io.userlink.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;

/** {@code userlink signing-keys rotate}: one rotation of the token key ring, now. */
@Command(name = "signing-keys", mixinStandardHelpOptions = true, description = "Rotate the token signing keys.",
        subcommands = SigningKeysCommand.Rotate.class)
final class SigningKeysCommand {

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Rotate the key ring now, through the stack's rotation function (Secrets Manager"
                    + " RotateSecret): next signs from now on, current stays published as previous.")
    static final class Rotate extends AdminCommand {
        @Override
        public Integer call() {
            String secret = target.keyRingSecret();
            try (SecretsManagerClient client = target.secretsManager()) {
                String version;
                try {
                    version = client.rotateSecret(r -> r.secretId(secret)).versionId();
                } catch (InvalidRequestException refused) {
                    throw explained(client, secret, refused);
                }
                print(Map.of("secret", secret, "version", version),
                        out -> out.println("rotation started: " + secret + " version " + version));
            }
            return 0;
        }
    }

    /**
     * What to tell the person on call when Secrets Manager refuses a rotation: while an earlier one is unfinished
     * (AWSPENDING on a version that is not AWSCURRENT, which a failed rotation leaves), which version holds the label
     * and how to remove it (README, "Credentials and keys"); otherwise, or when the ring cannot be described, the
     * refusal itself.
     */
    static RuntimeException explained(SecretsManagerClient client, String secret, InvalidRequestException refused) {
        Map<String, List<String>> stages;
        try {
            stages = client.describeSecret(r -> r.secretId(secret)).versionIdsToStages();
        } catch (SdkException undescribed) {
            refused.addSuppressed(undescribed);
            return refused;
        }
        Optional<String> pending = holderOf(stages, "AWSPENDING");
        if (pending.isEmpty() || pending.equals(holderOf(stages, "AWSCURRENT"))) {
            return refused;
        }
        return new IllegalStateException("an earlier rotation of " + secret + " is unfinished: version "
                + pending.get() + " holds AWSPENDING, and Secrets Manager starts no other rotation while it does. The"
                + " rotation function's log says why it stopped. Once that is mended, remove the label with an"
                + " administrator's credentials (the operator policy cannot move labels), then rotate again:"
                + " aws secretsmanager update-secret-version-stage --secret-id " + secret
                + " --version-stage AWSPENDING --remove-from-version-id " + pending.get());
    }

    /** The version that holds {@code stage}, in a secret's {@code VersionIdsToStages}. */
    static Optional<String> holderOf(Map<String, List<String>> stages, String stage) {
        return stages.entrySet().stream().filter(entry -> entry.getValue().contains(stage)).map(Map.Entry::getKey)
                .findFirst();
    }
}
