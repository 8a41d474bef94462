package io.userlink.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

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
                String version = client.rotateSecret(r -> r.secretId(secret)).versionId();
                print(Map.of("secret", secret, "version", version),
                        out -> out.println("rotation started: " + secret + " version " + version));
            }
            return 0;
        }
    }
}
