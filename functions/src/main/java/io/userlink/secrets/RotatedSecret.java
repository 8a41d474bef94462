package io.userlink.secrets;

import io.userlink.cache.VersionedCache;
import io.userlink.json.Json;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A secret that only the key ring's rotation writes, holding one JSON document, read through a per-container cache.
 * The template creates it with a placeholder ({@link #isPlaceholder}) that the first rotation replaces.
 *
 * @param <T> what the document holds
 */
public final class RotatedSecret<T> {

    /** The one member of the initial value {@code template.yaml} gives the key ring and public keys secrets. */
    public static final String PLACEHOLDER = "placeholder";

    /** AWSCURRENT: what every function reads; the rotation also reads and tests AWSPENDING. */
    static final String CURRENT_STAGE = "AWSCURRENT";

    private final SecretsManagerClient secretsManager;
    private final String secretId;
    private final Function<Map<String, Object>, T> parse;
    private final VersionedCache<String, T> cache;

    RotatedSecret(SecretsManagerClient secretsManager, String secretId, Function<Map<String, Object>, T> parse,
                  Duration cachePeriod, InstantSource clock) {
        this.secretsManager = Objects.requireNonNull(secretsManager);
        this.secretId = Objects.requireNonNull(secretId);
        this.parse = Objects.requireNonNull(parse);
        this.cache = new VersionedCache<>(cachePeriod, clock, value -> 0);
    }

    /**
     * The current document, cached.
     *
     * @throws IllegalStateException while the secret holds the placeholder (no rotation has written it yet)
     */
    T current() {
        return cache.get(CURRENT_STAGE, 0, stage -> loadUnlessPlaceholder(stage).orElseThrow(() ->
                new IllegalStateException(secretId + " still holds the template's placeholder: rotate it once"
                        + " (`userlink signing-keys rotate`); no rotation of the key ring has written it yet")));
    }

    /** The document at a version stage in one read, bypassing the cache; empty while it is the placeholder. */
    Optional<T> loadUnlessPlaceholder(String versionStage) {
        Map<String, Object> fields = SecretJson.parse(SecretsManagerErrors.translated(() -> secretsManager
                .getSecretValue(r -> r.secretId(secretId).versionStage(versionStage)).secretString())).fields();
        return isPlaceholder(fields) ? Optional.empty() : Optional.of(parse.apply(fields));
    }

    /** Whether a secret's fields are the template's placeholder: only a {@value #PLACEHOLDER} member. */
    public static boolean isPlaceholder(Map<String, Object> fields) {
        return fields.size() == 1 && fields.containsKey(PLACEHOLDER);
    }

    /**
     * Writes a document as a new version, idempotent per {@code requestToken}, carrying {@code versionStage} (or
     * AWSCURRENT when empty, which Secrets Manager then moves from the version before).
     */
    void save(Map<String, Object> document, Optional<String> versionStage, String requestToken) {
        SecretsManagerErrors.translated(() -> secretsManager.putSecretValue(r -> {
            r.secretId(secretId).clientRequestToken(requestToken).secretString(Json.write(document));
            versionStage.ifPresent(r::versionStages);
        }));
    }
}
