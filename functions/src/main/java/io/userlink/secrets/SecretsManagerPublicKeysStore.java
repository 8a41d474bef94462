package io.userlink.secrets;

import io.userlink.token.PublicKeySource;
import io.userlink.token.PublicKeys;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The public keys secret: the public halves of the key ring's current version, which the rotation writes after each
 * rotation, read through a per-container cache by the functions that only verify tokens or serve them (so their
 * roles need no grant on the ring's private keys). Its cache period follows the ring's, for the same reason.
 */
public final class SecretsManagerPublicKeysStore implements PublicKeySource {

    private final RotatedSecret<PublicKeys> secret;

    public SecretsManagerPublicKeysStore(SecretsManagerClient secretsManager, String secretId, Duration cachePeriod,
                                         InstantSource clock) {
        this.secret = new RotatedSecret<>(secretsManager, secretId, PublicKeys::fromJwks, cachePeriod, clock);
    }

    @Override
    public PublicKeys publicKeys() {
        return secret.current();
    }

    /** Reads and parses the keys without caching them; a fresh stack's placeholder is read, not parsed. */
    @Override
    public void prime() {
        secret.loadUnlessPlaceholder(RotatedSecret.CURRENT_STAGE).ifPresent(PublicKeys::toJwks);
    }

    /**
     * Writes the keys as the secret's current version, idempotent per {@code requestToken} (the rotation's, so a
     * retried step writes nothing new).
     */
    public void save(PublicKeys keys, String requestToken) {
        secret.save(keys.toJwks(), Optional.empty(), requestToken);
    }
}
