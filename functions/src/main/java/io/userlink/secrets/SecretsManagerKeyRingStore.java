package io.userlink.secrets;

import io.userlink.token.KeyRing;
import io.userlink.token.KeyRingSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The key ring secret, read through a per-container cache. The cache period must stay below the rotation
 * period: a key is published as {@code next} one period before it signs, so a container never meets a
 * token signed by a key it has not loaded.
 */
public final class SecretsManagerKeyRingStore implements KeyRingSource {

    /** AWSCURRENT by default; the rotation function reads and tests AWSPENDING. */
    public static final String CURRENT_STAGE = RotatedSecret.CURRENT_STAGE;

    private final RotatedSecret<KeyRing> secret;

    public SecretsManagerKeyRingStore(SecretsManagerClient secretsManager, String secretId, Duration cachePeriod,
                                      InstantSource clock) {
        this.secret = new RotatedSecret<>(secretsManager, secretId, KeyRing::fromSecretJson, cachePeriod, clock);
    }

    @Override
    public KeyRing keyRing() {
        return secret.current();
    }

    /** Reads the ring at a version stage, bypassing the cache. */
    public KeyRing load(String versionStage) {
        return loadUnlessPlaceholder(versionStage).orElseThrow(() ->
                new IllegalArgumentException("the signing key secret holds the placeholder, not a key ring"));
    }

    /**
     * Reads the ring at a version stage in one read, bypassing the cache; empty while the secret holds the template's
     * placeholder (a fresh stack before its first rotation). Anything else must be a ring.
     */
    public Optional<KeyRing> loadUnlessPlaceholder(String versionStage) {
        return secret.loadUnlessPlaceholder(versionStage);
    }

    /**
     * Reads and parses the ring without caching it: a fresh stack's placeholder is read, not parsed. A failed
     * read (a denied call, a missing secret) or a malformed ring is thrown.
     */
    @Override
    public void prime() {
        loadUnlessPlaceholder(CURRENT_STAGE).ifPresent(ring -> ring.publicKeys().toJwks());
    }

    /** Writes a ring as a new version carrying {@code versionStage}, idempotent per {@code requestToken}. */
    public void save(KeyRing ring, String versionStage, String requestToken) {
        secret.save(ring.toSecretJson(), Optional.of(versionStage), requestToken);
    }
}
