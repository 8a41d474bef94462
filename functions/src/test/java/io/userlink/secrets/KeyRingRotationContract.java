package io.userlink.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.json.Json;
import io.userlink.support.MutableClock;
import io.userlink.token.KeyRing;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The rotation function's four steps, whatever serves Secrets Manager: run against the local Secrets Manager,
 * moto's server, and LocalStack when Docker is present.
 */
abstract class KeyRingRotationContract {

    private static final String PLACEHOLDER = "{\"placeholder\": \"x\"}";
    private static final List<String> STEPS = List.of("createSecret", "setSecret", "testSecret", "finishSecret");

    private SecretsManagerClient secretsManager;
    private KeyRingRotation rotation;
    private String secretId;
    private SecretsManagerKeyRingStore store;
    private String publicKeysId;
    private SecretsManagerPublicKeysStore publicKeys;

    /** A client of the engine under test, with a key it accepts. */
    protected abstract SecretsManagerClient secretsManager();

    /**
     * Stages {@code token} as the AWSPENDING version of {@code secretId}, without a value, as RotateSecret does
     * before it invokes the rotation function's first step; the test then runs each step itself.
     */
    protected abstract void stageForRotation(String secretId, String token);

    @BeforeEach
    void setUp() {
        secretsManager = secretsManager();
        secretId = "rotation-" + UUID.randomUUID();
        publicKeysId = secretId + "-public-keys";
        rotation = new KeyRingRotation(secretsManager, new SecureRandom(), secretId, publicKeysId);
        store = new SecretsManagerKeyRingStore(secretsManager, secretId, Duration.ofSeconds(1), MutableClock.atNow());
        // what template.yaml creates
        secretsManager.createSecret(r -> r.name(publicKeysId).secretString(PLACEHOLDER));
        publicKeys = new SecretsManagerPublicKeysStore(secretsManager, publicKeysId, Duration.ofSeconds(1),
                MutableClock.atNow());
    }

    @Test
    void rotateWhenSecretHoldsThePlaceholderThenCreatesAFirstRing() {
        // given: what template.yaml creates
        secretsManager.createSecret(r -> r.name(secretId).secretString(PLACEHOLDER));

        // when
        rotate(stagedToken());

        // then
        KeyRing ring = store.load("AWSCURRENT");
        assertEquals(Optional.empty(), ring.previous());
        assertEquals(ring.publicKeys(), publicKeys.publicKeys());
    }

    @Test
    void rotateWhenRingExistsThenNextSignsCurrentBecomesPreviousAndRefreshKeySurvives() {
        // given
        KeyRing before = KeyRing.generate(new SecureRandom());
        secretsManager.createSecret(r -> r.name(secretId).secretString(Json.write(before.toSecretJson())));

        // when
        rotate(stagedToken());

        // then
        KeyRing after = store.load("AWSCURRENT");
        assertEquals(before.next().getKeyID(), after.current().getKeyID());
        assertEquals(before.current().getKeyID(), after.previous().orElseThrow().getKeyID());
        assertEquals(Arrays.toString(before.refreshTokenKey()), Arrays.toString(after.refreshTokenKey()));
        assertEquals(before.current().getKeyID(), store.load("AWSPREVIOUS").current().getKeyID());
        assertEquals(after.publicKeys(), publicKeys.publicKeys());
        String written = secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).secretString();
        for (String privateMember : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertFalse(written.contains(privateMember), privateMember);
        }
        assertFalse(written.contains("refresh_token_key"));
    }

    @Test
    void rotateWhenAStepIsRetriedThenTheOutcomeIsTheSame() {
        // given: Secrets Manager retries steps that time out
        KeyRing before = KeyRing.generate(new SecureRandom());
        secretsManager.createSecret(r -> r.name(secretId).secretString(Json.write(before.toSecretJson())));
        String token = stagedToken();

        // when
        rotation.step(secretId, token, "createSecret");
        KeyRing pending = store.load("AWSPENDING");
        rotation.step(secretId, token, "createSecret");
        rotate(token);
        rotation.step(secretId, token, "finishSecret");

        // then
        KeyRing after = store.load("AWSCURRENT");
        assertEquals(pending.next().getKeyID(), after.next().getKeyID());
        assertEquals(before.next().getKeyID(), after.current().getKeyID());
        assertEquals(after.publicKeys(), publicKeys.publicKeys());
        assertEquals(2, secretsManager.describeSecret(r -> r.secretId(publicKeysId)).versionIdsToStages().size(),
                "the placeholder and one version of public keys");
    }

    @Test
    void rotateWhenTheRingIsDamagedThenFailsAndLeavesItForAPerson() {
        // given: replacing a damaged ring would drop its refresh token key, and with it every refresh token
        String damaged = "{\"current\": {\"kty\": \"RSA\"}, \"refresh_token_key\": \"AAAA\"}";
        secretsManager.createSecret(r -> r.name(secretId).secretString(damaged));
        String token = stagedToken();
        Map<String, List<String>> stages = stages();

        // when
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> rotation.step(secretId, token, "createSecret"));

        // then
        assertFalse(refused.getMessage().contains("not staged"), refused.getMessage());
        assertEquals(damaged, secretsManager.getSecretValue(r -> r.secretId(secretId)).secretString());
        assertEquals(stages, stages(), "no pending ring written");
        assertEquals(PLACEHOLDER, secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).secretString());
    }

    @Test
    void stepWhenTheVersionIsStagedForNoRotationThenRefusedAndNoVersionMoves() {
        // given: a ring rotated once, so its first version is AWSPREVIOUS, staged neither AWSPENDING nor AWSCURRENT
        KeyRing before = KeyRing.generate(new SecureRandom());
        secretsManager.createSecret(r -> r.name(secretId).secretString(Json.write(before.toSecretJson())));
        String first = versionStagedAs("AWSCURRENT");
        rotate(stagedToken());

        // then
        assertEveryStepRefusedAndNothingChanges(first);
        assertEquals(before.next().getKeyID(), store.load("AWSCURRENT").current().getKeyID());
    }

    @Test
    void stepWhenTheTokenNamesNoVersionThenRefusedSoNoCallerStartsARotationOfItsOwn() {
        // given: a ring, and a token Secrets Manager never staged, as a caller allowed to invoke the function could send
        KeyRing before = KeyRing.generate(new SecureRandom());
        secretsManager.createSecret(r -> r.name(secretId).secretString(Json.write(before.toSecretJson())));

        // then
        assertEveryStepRefusedAndNothingChanges(UUID.randomUUID().toString());
        assertEquals(before.current().getKeyID(), store.load("AWSCURRENT").current().getKeyID());
        assertEquals(PLACEHOLDER, secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).secretString());
    }

    @Test
    void testSecretWhenThePendingRingIsDamagedThenFailsSoTheRotationStopsBeforeItsFinish() {
        // given: a pending version that is no ring, as a faulty createSecret could leave it
        KeyRing before = KeyRing.generate(new SecureRandom());
        secretsManager.createSecret(r -> r.name(secretId).secretString(Json.write(before.toSecretJson())));
        String token = UUID.randomUUID().toString();
        secretsManager.putSecretValue(r -> r.secretId(secretId).clientRequestToken(token)
                .secretString("{\"current\": {\"kty\": \"RSA\"}}").versionStages("AWSPENDING"));

        // then
        assertThrows(IllegalArgumentException.class, () -> rotation.step(secretId, token, "testSecret"));
        assertEquals(before.current().getKeyID(), store.load("AWSCURRENT").current().getKeyID());
    }

    @Test
    void publicKeysWhenNoRotationHasWrittenThemThenTheErrorSaysHowToRotate() {
        // given: a stack deployed before the public keys secret existed, upgraded, and not rotated since

        // when
        IllegalStateException refused = assertThrows(IllegalStateException.class, publicKeys::publicKeys);

        // then
        assertTrue(refused.getMessage().contains("userlink signing-keys rotate"), refused.getMessage());
    }

    @Test
    void publishPublicKeysWhenTheRingPredatesThePublicKeysThenWritesTheCurrentRingsKeys() {
        // given: a stack deployed before the public keys secret existed, then updated
        KeyRing ring = KeyRing.generate(new SecureRandom());
        secretsManager.createSecret(r -> r.name(secretId).secretString(Json.write(ring.toSecretJson())));

        // when
        boolean published = rotation.publishPublicKeys();

        // then
        assertTrue(published);
        assertEquals(ring.publicKeys(), publicKeys.publicKeys());
    }

    @Test
    void publishPublicKeysWhenARotationWroteThemThenNoNewVersion() {
        // given: a new stack, whose first rotation wrote the public keys
        secretsManager.createSecret(r -> r.name(secretId).secretString(PLACEHOLDER));
        rotate(stagedToken());
        String written = secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).versionId();

        // when
        boolean published = rotation.publishPublicKeys();

        // then
        assertTrue(published);
        assertEquals(written, secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).versionId());
        assertEquals(2, secretsManager.describeSecret(r -> r.secretId(publicKeysId)).versionIdsToStages().size(),
                "the placeholder and the rotation's version");
    }

    @Test
    void publishPublicKeysWhenTheRingIsThePlaceholderThenWritesNothing() {
        // given: a new stack whose first rotation has not finished
        secretsManager.createSecret(r -> r.name(secretId).secretString(PLACEHOLDER));

        // when
        boolean published = rotation.publishPublicKeys();

        // then
        assertFalse(published);
        assertEquals(PLACEHOLDER, secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).secretString());
    }

    @Test
    void publishPublicKeysWhenTheRingIsDamagedThenFailsAndWritesNothing() {
        // given
        secretsManager.createSecret(r -> r.name(secretId).secretString("{\"current\": {\"kty\": \"RSA\"}}"));

        // when
        assertThrows(IllegalArgumentException.class, rotation::publishPublicKeys);

        // then
        assertEquals(PLACEHOLDER, secretsManager.getSecretValue(r -> r.secretId(publicKeysId)).secretString());
    }

    @Test
    void stepWhenUnknownThenRefused() {
        secretsManager.createSecret(r -> r.name(secretId).secretString("{}"));
        String token = stagedToken();

        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> rotation.step(secretId, token, "dropSecret"));

        assertEquals("unknown rotation step dropSecret", refused.getMessage());
    }

    private void assertEveryStepRefusedAndNothingChanges(String token) {
        Map<String, List<String>> stages = stages();
        for (String step : STEPS) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> rotation.step(secretId, token, step), step);
            assertTrue(refused.getMessage().endsWith(" is not staged for rotation"), refused.getMessage());
        }
        assertEquals(stages, stages());
    }

    private String stagedToken() {
        String token = UUID.randomUUID().toString();
        stageForRotation(secretId, token);
        return token;
    }

    private Map<String, List<String>> stages() {
        return secretsManager.describeSecret(r -> r.secretId(secretId)).versionIdsToStages();
    }

    private String versionStagedAs(String stage) {
        return stages().entrySet().stream()
                .filter(version -> version.getValue().contains(stage)).map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private void rotate(String token) {
        for (String step : STEPS) {
            rotation.step(secretId, token, step);
        }
    }
}
