package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** What {@code signing-keys rotate} says when Secrets Manager refuses a rotation. */
class SigningKeysCommandTest {

    private static final String RING = "arn:aws:secretsmanager:us-east-1:1:secret:userlink/key-ring-AbCdEf";
    private final InvalidRequestException refused = (InvalidRequestException) InvalidRequestException.builder()
            .message("A previous rotation isn't complete. That rotation will be reattempted.").build();

    @Test
    void explainedWhenAVersionOtherThanTheCurrentOneIsPendingThenNamesItAndTheCommandThatEndsIt() {
        SecretsManagerClient ring = describing(() -> Map.of("v-current", List.of("AWSCURRENT"),
                "v-previous", List.of("AWSPREVIOUS"), "v-stuck", List.of("AWSPENDING")));

        RuntimeException explained = SigningKeysCommand.explained(ring, RING, refused);

        assertEquals("an earlier rotation of " + RING + " is unfinished: version v-stuck holds AWSPENDING, and"
                + " Secrets Manager starts no other rotation while it does. The rotation function's log says why it"
                + " stopped. Once that is mended, remove the label with an administrator's credentials (the operator"
                + " policy cannot move labels), then rotate again: aws secretsmanager update-secret-version-stage"
                + " --secret-id " + RING + " --version-stage AWSPENDING --remove-from-version-id v-stuck",
                explained.getMessage());
    }

    @Test
    void explainedWhenTheLastRotationFinishedThenTheRefusalItself() {
        // A finished rotation leaves AWSPENDING on the version it made current: nothing is unfinished.
        SecretsManagerClient ring = describing(() -> Map.of("v-current", List.of("AWSCURRENT", "AWSPENDING"),
                "v-previous", List.of("AWSPREVIOUS")));

        assertSame(refused, SigningKeysCommand.explained(ring, RING, refused));
    }

    @Test
    void explainedWhenNothingIsPendingThenTheRefusalItself() {
        SecretsManagerClient ring = describing(() -> Map.of("v-current", List.of("AWSCURRENT")));

        assertSame(refused, SigningKeysCommand.explained(ring, RING, refused));
    }

    @Test
    void explainedWhenTheRingCannotBeDescribedThenTheRefusalWithWhyNot() {
        SecretsManagerException denied = (SecretsManagerException) SecretsManagerException.builder()
                .message("not authorized to perform: secretsmanager:DescribeSecret").build();
        SecretsManagerClient ring = describing(() -> {
            throw denied;
        });

        RuntimeException explained = SigningKeysCommand.explained(ring, RING, refused);

        assertSame(refused, explained);
        assertEquals(List.of(denied), List.of(explained.getSuppressed()));
    }

    /** A Secrets Manager that describes the ring with these stages, and does nothing else. */
    private static SecretsManagerClient describing(Supplier<Map<String, List<String>>> stages) {
        return new SecretsManagerClient() {
            @Override
            public DescribeSecretResponse describeSecret(Consumer<DescribeSecretRequest.Builder> request) {
                DescribeSecretRequest built = DescribeSecretRequest.builder().applyMutation(request).build();
                assertEquals(RING, built.secretId());
                return DescribeSecretResponse.builder().versionIdsToStages(stages.get()).build();
            }

            @Override
            public String serviceName() {
                return "secretsmanager";
            }

            @Override
            public void close() {}
        };
    }
}
