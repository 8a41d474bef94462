package io.userlink.secrets;

import io.userlink.cache.VersionedCache;
import io.userlink.json.Json;
import io.userlink.token.KeyRing;
import io.userlink.token.KeyRingSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The key ring secret, read through a per-container cache. The cache period must stay below the rotation
 * period: a key is published as {@code next} one period before it signs, so a container never meets a
 * token signed by a key it has not loaded.
 */
public final class SecretsManagerKeyRingStore implements KeyRingSource {

    /** AWSCURRENT by default; the rotation function reads and tests AWSPENDING. */
    public static final String CURRENT_STAGE = "AWSCURRENT";

    private final SecretsManagerClient secretsManager;
    private final String secretId;
    private final VersionedCache<String, KeyRing> cache;

    public SecretsManagerKeyRingStore(SecretsManagerClient secretsManager, String secretId, Duration cachePeriod,
                                      InstantSource clock) {
        this.secretsManager = Objects.requireNonNull(secretsManager);
        this.secretId = Objects.requireNonNull(secretId);
        this.cache = new VersionedCache<>(cachePeriod, clock, ring -> 0);
    }

    @Override
    public KeyRing keyRing() {
        return cache.get(CURRENT_STAGE, 0, this::load);
    }

    /** Reads the ring at a version stage, bypassing the cache. */
    public KeyRing load(String versionStage) {
        return KeyRing.fromSecretJson(read(versionStage).fields());
    }

    /**
     * Reads the ring at a version stage in one read, bypassing the cache; empty while the secret holds the template's
     * placeholder (a fresh stack before its first rotation). Anything else must be a ring.
     */
    public Optional<KeyRing> loadUnlessPlaceholder(String versionStage) {
        Map<String, Object> fields = read(versionStage).fields();
        return KeyRing.isPlaceholder(fields) ? Optional.empty() : Optional.of(KeyRing.fromSecretJson(fields));
    }

    /**
     * Reads and parses the ring without caching it: a fresh stack's placeholder is read, not parsed. A failed
     * read (a denied call, a missing secret) or a malformed ring is thrown.
     */
    @Override
    public void prime() {
        Map<String, Object> fields = read(CURRENT_STAGE).fields();
        if (!KeyRing.isPlaceholder(fields)) {
            KeyRing.fromSecretJson(fields).publicKeys().toJSONObject(true);
        }
    }

    private SecretJson read(String versionStage) {
        return SecretJson.parse(SecretsManagerErrors.translated(() -> secretsManager
                .getSecretValue(r -> r.secretId(secretId).versionStage(versionStage)).secretString()));
    }

    /** Writes a ring as a new version carrying {@code versionStage}, idempotent per {@code requestToken}. */
    public void save(KeyRing ring, String versionStage, String requestToken) {
        SecretsManagerErrors.translated(() -> secretsManager.putSecretValue(r -> r
                .secretId(secretId)
                .clientRequestToken(requestToken)
                .secretString(Json.write(ring.toSecretJson()))
                .versionStages(versionStage)));
    }
}
