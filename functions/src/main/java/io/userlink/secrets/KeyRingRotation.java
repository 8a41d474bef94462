package io.userlink.secrets;

import io.userlink.token.KeyRing;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Rotates the key ring secret by Secrets Manager's four-step protocol (createSecret, setSecret, testSecret,
 * finishSecret), and at its end writes the new ring's public keys to the public keys secret, which the functions that
 * only verify read. Each step is idempotent, because Secrets Manager retries steps that fail or time out.
 */
public final class KeyRingRotation {

    static final String PENDING = "AWSPENDING";
    private static final String CURRENT = SecretsManagerKeyRingStore.CURRENT_STAGE;

    private final SecretsManagerClient secretsManager;
    private final SecureRandom random;
    private final String keyRingSecretId;
    private final SecretsManagerPublicKeysStore publicKeys;

    /**
     * @param keyRingSecretId the key ring secret, whose public keys {@link #publishPublicKeys} writes (a rotation
     *     step names its secret itself)
     * @param publicKeysSecretId the secret that receives each new ring's public keys
     */
    public KeyRingRotation(SecretsManagerClient secretsManager, SecureRandom random, String keyRingSecretId,
                           String publicKeysSecretId) {
        this.secretsManager = Objects.requireNonNull(secretsManager);
        this.random = Objects.requireNonNull(random);
        this.keyRingSecretId = Objects.requireNonNull(keyRingSecretId);
        this.publicKeys = new SecretsManagerPublicKeysStore(secretsManager, publicKeysSecretId, Duration.ofSeconds(1),
                InstantSource.system());
    }

    /**
     * Performs one step for the version {@code token} of {@code secretId}.
     *
     * @throws IllegalArgumentException for an unknown step, or a token that names no version staged for rotation
     */
    public void step(String secretId, String token, String step) {
        Map<String, List<String>> stages = secretsManager.describeSecret(r -> r.secretId(secretId)).versionIdsToStages();
        requireStagedForRotation(secretId, token, stages);
        switch (step) {
            case "createSecret" -> create(secretId, token);
            case "setSecret" -> { } // No downstream service holds a copy of the ring.
            case "testSecret" -> test(secretId, token);
            case "finishSecret" -> finish(secretId, token, stages);
            default -> throw new IllegalArgumentException("unknown rotation step " + step);
        }
    }

    private void create(String secretId, String token) {
        if (hasPendingVersion(secretId, token)) {
            return;
        }
        SecretsManagerKeyRingStore store = store(secretId);
        // The template creates the secret with a placeholder; the first rotation creates the ring. Anything
        // else must be a ring: a damaged one fails the rotation rather than being replaced (which would drop
        // the refresh token key, and with it every refresh token).
        Optional<KeyRing> current = store.loadUnlessPlaceholder(CURRENT);
        KeyRing next = current.isPresent() ? current.get().rotate(random) : KeyRing.generate(random);
        store.save(next, PENDING, token);
    }

    private void test(String secretId, String token) {
        KeyRing ring = ringAt(secretId, token, PENDING);
        if (ring.publicKeys().verificationKey(ring.current().getKeyID()).isEmpty()) {
            throw new IllegalStateException("pending ring cannot verify with its own current key");
        }
    }

    private void finish(String secretId, String token, Map<String, List<String>> stages) {
        String currentVersion = stages.entrySet().stream()
                .filter(e -> e.getValue().contains(CURRENT)).map(Map.Entry::getKey).findFirst().orElse(null);
        if (!token.equals(currentVersion)) {
            secretsManager.updateSecretVersionStage(r -> r.secretId(secretId).versionStage(CURRENT)
                    .moveToVersionId(token).removeFromVersionId(currentVersion));
        }
        // After the ring moved, so the public keys never name a ring that is not current; both the keys the ring
        // before signed with and the ones this one signs with are in either set, so verifiers reading the public
        // keys in between miss none.
        publicKeys.save(ringAt(secretId, token, CURRENT).publicKeys(), token);
    }

    /**
     * Writes the current ring's public keys, as its rotation did, for a stack whose public keys secret came after its
     * ring (deployed before that secret existed, then updated): until the next scheduled rotation its verifying
     * functions would otherwise find the placeholder. The version is named after the ring's version, as the rotation
     * names it, so where a rotation has written these keys Secrets Manager ignores the request.
     *
     * <p>A rotation that finishes between this read and this write leaves the set of the ring before it current, which
     * still holds the key the new ring signs with (it was that ring's next) and the one it signed with; the next
     * rotation writes a new set.
     *
     * @return false when the ring still holds the template's placeholder: its first rotation writes both
     */
    public boolean publishPublicKeys() {
        GetSecretValueResponse current =
                secretsManager.getSecretValue(r -> r.secretId(keyRingSecretId).versionStage(CURRENT));
        Map<String, Object> fields = SecretJson.parse(current.secretString()).fields();
        if (RotatedSecret.isPlaceholder(fields)) {
            return false;
        }
        publicKeys.save(KeyRing.fromSecretJson(fields).publicKeys(), current.versionId());
        return true;
    }

    private KeyRing ringAt(String secretId, String token, String versionStage) {
        String json = secretsManager
                .getSecretValue(r -> r.secretId(secretId).versionId(token).versionStage(versionStage)).secretString();
        return KeyRing.fromSecretJson(SecretJson.parse(json).fields());
    }

    /**
     * Secrets Manager's RotateSecret stages the new version as AWSPENDING before it invokes the first step, so a token
     * that names no version did not come from a rotation: refusing it keeps a caller who may invoke this function from
     * starting one. A version with neither AWSPENDING nor AWSCURRENT belongs to another rotation and must not be touched.
     */
    private static void requireStagedForRotation(String secretId, String token, Map<String, List<String>> stages) {
        List<String> tokenStages = stages.get(token);
        if (tokenStages == null || !(tokenStages.contains(PENDING) || tokenStages.contains(CURRENT))) {
            throw new IllegalArgumentException("version " + token + " of " + secretId + " is not staged for rotation");
        }
    }

    private boolean hasPendingVersion(String secretId, String token) {
        try {
            secretsManager.getSecretValue(r -> r.secretId(secretId).versionId(token).versionStage(PENDING));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private SecretsManagerKeyRingStore store(String secretId) {
        return new SecretsManagerKeyRingStore(secretsManager, secretId, Duration.ofSeconds(1), InstantSource.system());
    }
}
