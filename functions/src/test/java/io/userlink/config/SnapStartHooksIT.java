package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.json.Json;
import io.userlink.local.LocalAws;
import io.userlink.local.iam.AccessKey;
import io.userlink.support.CallRecorder;
import io.userlink.support.TestAws;
import io.userlink.support.TestUserlink;
import io.userlink.token.KeyRing;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

class SnapStartHooksIT {

    private final TestUserlink userlink = TestUserlink.local();

    @Test
    void beforeCheckpointThenPrimesWithReadsOnly() {
        beforeCheckpointWith(Priming.TABLE, Priming.KEY_RING);

        assertEquals(1, userlink.dynamoDbCalls().count("GetItem"));
        assertEquals(1, userlink.dynamoDbCalls().total(), "no write before a snapshot");
        assertEquals(1, userlink.secretsManagerCalls().count("GetSecretValue"));
        assertEquals(1, userlink.secretsManagerCalls().total());
    }

    @Test
    void beforeCheckpointWhenTheFunctionReadsAppCredentialsThenReadsTheMissingAppsSecretAndFindsNothing() {
        beforeCheckpointWith(Priming.TABLE, Priming.APP_CREDENTIALS);

        assertEquals(1, userlink.dynamoDbCalls().total(), "no write before a snapshot");
        assertEquals(1, userlink.secretsManagerCalls().count("GetSecretValue"));
        assertEquals(1, userlink.secretsManagerCalls().total());
    }

    @Test
    void beforeCheckpointWhenTheRoleMayReadAppCredentialsThenTheMissingAppsSecretIsNotFoundRatherThanDenied() {
        // given: the lookup function's role, which may read every app's credentials secret, and the stack's prefix
        LocalAws aws = TestAws.local();
        AccessKey role = aws.principal("LookupUserFunction").key();
        String stackPrefix = aws.deployment().resolve(Map.of("Fn::Sub", "${AWS::StackName}/apps/"), "the test");
        Settings withStackPrefix = settingsWith(userlink.components().settings().keyRingSecretId(), stackPrefix);
        Components lookup = Components.create(withStackPrefix,
                TestAws.dynamoDb(aws.endpoint(), role, new CallRecorder()),
                TestAws.secretsManager(aws.endpoint(), role, new CallRecorder()), InstantSource.system(), new SecureRandom());

        // when, then: as the publish of its version reads, without failing
        new SnapStartHooks(lookup, Set.of(Priming.APP_CREDENTIALS)).beforeCheckpoint(null);
    }

    @Test
    void beforeCheckpointWhenTheFunctionHashesPasswordsThenPrimesHashingAndThePolicyWithoutAnyCall() {
        beforeCheckpointWith(Priming.PASSWORDS);

        assertEquals(0, userlink.dynamoDbCalls().total());
        assertEquals(0, userlink.secretsManagerCalls().total());
    }

    @Test
    void beforeCheckpointWhenOnlyTheKeyRingIsUsedThenReadsNoTable() {
        beforeCheckpointWith(Priming.KEY_RING);

        assertEquals(0, userlink.dynamoDbCalls().total());
    }

    @Test
    void beforeCheckpointWhenTheKeyRingHoldsTheTemplatesPlaceholderThenPrimesWithoutFailing() {
        // given: a fresh stack, published before the key ring's first rotation
        String keyRing = "fresh-" + UUID.randomUUID() + "/key-ring";
        userlink.secretsManager().createSecret(r -> r.name(keyRing).secretString("{\"placeholder\": \"the first rotation creates the key ring\"}"));
        Settings withFreshRing = settingsWith(keyRing, userlink.components().settings().appCredentialsSecretPrefix());
        Components fresh = Components.create(withFreshRing,
                userlink.dynamoDb(), userlink.secretsManager(), InstantSource.system(), new SecureRandom());

        // when
        new SnapStartHooks(fresh, Set.of(Priming.TABLE, Priming.KEY_RING)).beforeCheckpoint(null);

        // then: after the first rotation, the ring is read anew (priming cached nothing)
        userlink.secretsManager().putSecretValue(r -> r.secretId(keyRing).secretString(
                Json.write(KeyRing.generate(new SecureRandom()).toSecretJson())));
        assertTrue(fresh.keyRing().keyRing().publicKeys().keys().size() >= 2);
    }

    @Test
    void beforeCheckpointWhenTheFunctionOnlyVerifiesThenItsRoleReadsThePublicKeysAndMayNotReadTheRing() {
        // given: the JWKS function's role and the stack's two secrets
        LocalAws aws = TestAws.local();
        AccessKey role = aws.principal("JwksFunction").key();
        Settings settings = userlink.components().settings();
        Settings stackSecrets = new Settings(settings.tableName(),
                aws.deployment().resolve(Map.of("Ref", "KeyRingSecret"), "the test"),
                aws.deployment().resolve(Map.of("Ref", "PublicKeysSecret"), "the test"),
                settings.appCredentialsSecretPrefix(), settings.tokenIssuer(), settings.credentialsCachePeriod(),
                settings.keyRingCachePeriod());
        Components jwks = Components.create(stackSecrets, userlink.dynamoDb(),
                TestAws.secretsManager(aws.endpoint(), role, new CallRecorder()), InstantSource.system(),
                new SecureRandom()).verifyingWithPublicKeys();

        // when, then: as the publish of its version reads (the placeholder, or keys once rotated), without failing
        new SnapStartHooks(jwks, Set.of(Priming.PUBLIC_KEYS)).beforeCheckpoint(null);
        SecretsManagerException denied = assertThrows(SecretsManagerException.class, () -> jwks.keyRing().keyRing());
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
    }

    @Test
    void beforeCheckpointWhenTheRoleMayNotReadThenFailsLoudly() {
        // given: a function whose role may read the key ring but not the table
        LocalAws aws = TestAws.local();
        Components jwks = Components.create(userlink.components().settings(),
                TestAws.dynamoDb(aws.endpoint(), aws.principal("JwksFunction").key(), new CallRecorder()),
                userlink.secretsManager(), InstantSource.system(), new SecureRandom());

        // when, then: as the publish of the version fails
        DynamoDbException denied = assertThrows(DynamoDbException.class,
                () -> new SnapStartHooks(jwks, Set.of(Priming.TABLE)).beforeCheckpoint(null));
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
    }

    /** Runs the hooks' {@code beforeCheckpoint} over the test's deployment, counting only the calls it makes. */
    private void beforeCheckpointWith(Priming... primed) {
        SnapStartHooks hooks = new SnapStartHooks(userlink.components(), Set.of(primed));
        userlink.dynamoDbCalls().reset();
        userlink.secretsManagerCalls().reset();
        hooks.beforeCheckpoint(null);
    }

    @Test
    void afterRestoreThenIdsComeFromAFreshRandomSource() {
        SecureRandom before = userlink.components().ids().random();

        new SnapStartHooks(userlink.components(), Set.of()).afterRestore(null);

        assertNotSame(before, userlink.components().ids().random());
    }

    /** This test's settings with another key ring secret or apps' secret prefix. */
    private Settings settingsWith(String keyRingSecretId, String appCredentialsSecretPrefix) {
        Settings settings = userlink.components().settings();
        return new Settings(settings.tableName(), keyRingSecretId, settings.publicKeysSecretId(),
                appCredentialsSecretPrefix, settings.tokenIssuer(), settings.credentialsCachePeriod(),
                settings.keyRingCachePeriod());
    }
}
