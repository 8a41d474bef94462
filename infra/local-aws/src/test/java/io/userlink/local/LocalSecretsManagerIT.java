package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The real SDK client against the local Secrets Manager (as the harness), for every operation Userlink uses. */
class LocalSecretsManagerIT {

    private static LocalAws aws;
    private static SecretsManagerClient client;

    @BeforeAll
    static void start() {
        aws = LocalAws.start(SamTemplate.locate(Path.of("")));
        client = aws.client(SecretsManagerClient.builder(), aws.principal(LocalAws.HARNESS));
    }

    @AfterAll
    static void stop() {
        client.close();
        aws.close();
    }

    @Test
    void getSecretValueWhenCreatedThenReturnsTheCurrentValueByNameOrArn() {
        String arn = client.createSecret(r -> r.name("a").secretString("one")).arn();

        assertEquals("one", client.getSecretValue(r -> r.secretId("a")).secretString());
        assertEquals("one", client.getSecretValue(r -> r.secretId(arn)).secretString());
        assertEquals(List.of("AWSCURRENT"), client.getSecretValue(r -> r.secretId("a")).versionStages());
    }

    @Test
    void putSecretValueThenMovesCurrentAndKeepsPrevious() {
        client.createSecret(r -> r.name("b").secretString("one"));

        client.putSecretValue(r -> r.secretId("b").secretString("two"));

        assertEquals("two", client.getSecretValue(r -> r.secretId("b")).secretString());
        assertEquals("one", client.getSecretValue(r -> r.secretId("b").versionStage("AWSPREVIOUS")).secretString());
    }

    @Test
    void rotationStagesThenMoveAsTheServiceDoes() {
        client.createSecret(r -> r.name("c").secretString("one"));
        client.putSecretValue(r -> r.secretId("c").secretString("two").clientRequestToken("token-2").versionStages("AWSPENDING"));
        assertEquals("one", client.getSecretValue(r -> r.secretId("c")).secretString());
        assertEquals("two", client.getSecretValue(r -> r.secretId("c").versionId("token-2").versionStage("AWSPENDING")).secretString());

        String current = versionStagedAs("c", "AWSCURRENT");
        client.updateSecretVersionStage(r -> r.secretId("c").versionStage("AWSCURRENT").moveToVersionId("token-2").removeFromVersionId(current));

        assertEquals("two", client.getSecretValue(r -> r.secretId("c")).secretString());
        assertEquals("one", client.getSecretValue(r -> r.secretId("c").versionStage("AWSPREVIOUS")).secretString());
    }

    @Test
    void rotateSecretWhenAPreviousRotationDidNotFinishThenRefusedUntilItsPendingLabelIsRemoved() {
        // given: a rotation whose function stopped before finishSecret, as a failed one does
        String unfinished = createdAndRotated("h");

        // when
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> client.rotateSecret(r -> r.secretId("h")));

        // then
        assertEquals("A previous rotation isn't complete. That rotation will be reattempted.",
                refused.awsErrorDetails().errorMessage());
        assertEquals(List.of("AWSPENDING"), stages("h", unfinished));
        client.updateSecretVersionStage(r -> r.secretId("h").versionStage("AWSPENDING").removeFromVersionId(unfinished));
        String next = client.rotateSecret(r -> r.secretId("h")).versionId();
        assertEquals(List.of("AWSPENDING"), stages("h", next));
    }

    @Test
    void rotateSecretWhenTheLastRotationFinishedThenStagesTheNext() {
        // given: a finished rotation leaves AWSPENDING on the version it made AWSCURRENT
        String first = createdAndRotated("i");
        client.putSecretValue(r -> r.secretId("i").secretString("two").clientRequestToken(first).versionStages("AWSPENDING"));
        String current = versionStagedAs("i", "AWSCURRENT");
        client.updateSecretVersionStage(r -> r.secretId("i").versionStage("AWSCURRENT").moveToVersionId(first).removeFromVersionId(current));

        // when
        String second = client.rotateSecret(r -> r.secretId("i")).versionId();

        // then
        assertEquals(List.of("AWSPENDING"), stages("i", second));
        assertEquals("two", client.getSecretValue(r -> r.secretId("i")).secretString());
    }

    @Test
    void updateSecretVersionStageWhenLabelHeldElsewhereAndNotNamedThenRefused() {
        client.createSecret(r -> r.name("d").secretString("one"));
        client.putSecretValue(r -> r.secretId("d").secretString("two").clientRequestToken("token-d").versionStages("AWSPENDING"));

        assertThrows(InvalidParameterException.class, () -> client.updateSecretVersionStage(
                r -> r.secretId("d").versionStage("AWSCURRENT").moveToVersionId("token-d")));
    }

    @Test
    void errorsThenArriveAsTheSdksTypedExceptions() {
        client.createSecret(r -> r.name("e").secretString("one"));

        assertThrows(ResourceNotFoundException.class, () -> client.getSecretValue(r -> r.secretId("missing")));
        assertThrows(ResourceExistsException.class, () -> client.createSecret(r -> r.name("e").secretString("x")));
        assertThrows(ResourceNotFoundException.class, () -> client.getSecretValue(r -> r.secretId("e").versionStage("AWSPENDING")));
    }

    /** 65,536 bytes of UTF-8 at most, as the value is created or put; the refusal leaves the secret as it was. */
    @Test
    void secretValueWhenOverSecretsManagersSizeLimitThenRefusedAndNothingChanges() {
        String largest = "x".repeat(65_534) + "é";
        String over = "x".repeat(65_535) + "é";
        client.createSecret(r -> r.name("size").secretString(largest));

        SecretsManagerException put = assertThrows(SecretsManagerException.class,
                () -> client.putSecretValue(r -> r.secretId("size").secretString(over)));
        SecretsManagerException create = assertThrows(SecretsManagerException.class,
                () -> client.createSecret(r -> r.name("too-large").secretString(over)));

        for (SecretsManagerException refused : List.of(put, create)) {
            assertEquals(400, refused.statusCode());
            assertEquals("ValidationException", refused.awsErrorDetails().errorCode());
            assertTrue(refused.getMessage().contains("65536"), refused.getMessage());
            assertFalse(refused.getMessage().contains("xxxx"), "the value stays out of the message");
        }
        assertEquals(largest, client.getSecretValue(r -> r.secretId("size")).secretString());
        assertThrows(ResourceNotFoundException.class, () -> client.getSecretValue(r -> r.secretId("too-large")));
    }

    @Test
    void putSecretValueWhenSameTokenAndValueThenIdempotent() {
        client.createSecret(r -> r.name("f").secretString("one"));
        client.putSecretValue(r -> r.secretId("f").secretString("two").clientRequestToken("token-f"));

        client.putSecretValue(r -> r.secretId("f").secretString("two").clientRequestToken("token-f"));

        assertThrows(ResourceExistsException.class,
                () -> client.putSecretValue(r -> r.secretId("f").secretString("three").clientRequestToken("token-f")));
    }

    @Test
    void putSecretValueWhenRepeatedAfterANewerVersionThenIgnoredAndCurrentStays() {
        // given: Secrets Manager ignores a request whose token and value match a version it has
        client.createSecret(r -> r.name("g").secretString("one"));
        client.putSecretValue(r -> r.secretId("g").secretString("two").clientRequestToken("token-g2"));
        client.putSecretValue(r -> r.secretId("g").secretString("three").clientRequestToken("token-g3"));

        // when
        client.putSecretValue(r -> r.secretId("g").secretString("two").clientRequestToken("token-g2"));

        // then
        assertEquals("three", client.getSecretValue(r -> r.secretId("g")).secretString());
        assertEquals("two", client.getSecretValue(r -> r.secretId("g").versionStage("AWSPREVIOUS")).secretString());
    }

    /** Creates secret {@code name}, whose rotation function runs no step, and rotates it: the new version's id. */
    private static String createdAndRotated(String name) {
        client.createSecret(r -> r.name(name).secretString("one"));
        aws.secretsManager().onRotation(name,
                LocalSecretsManager.RotationFunction.runningNoStep(LocalDeployment.functionArn("Rotate" + name)));
        return client.rotateSecret(r -> r.secretId(name)).versionId();
    }

    private static List<String> stages(String name, String versionId) {
        return client.describeSecret(r -> r.secretId(name)).versionIdsToStages().get(versionId);
    }

    private static String versionStagedAs(String name, String stage) {
        return client.describeSecret(r -> r.secretId(name)).versionIdsToStages().entrySet().stream()
                .filter(version -> version.getValue().contains(stage)).findFirst().orElseThrow().getKey();
    }
}
