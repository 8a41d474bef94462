package io.userlink.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The hashes of an app's credentials, as its secret holds them: app secrets (two may be active, for
 * rotation) and API keys by key id. Never holds a credential itself.
 *
 * @param version the app item's {@code credentialsVersion} this content was written under
 */
public record AppCredentials(long version, List<AppSecretRecord> appSecrets, Map<String, ApiKeyRecord> apiKeys) {

    /** How many app secrets may be valid at once: the one in shipped apps and its successor. */
    public static final int MAX_APP_SECRETS = 2;

    /**
     * How many API keys an app may hold, revoked and expired ones included until they are removed. With names of
     * at most {@link #MAX_API_KEY_NAME_LENGTH} characters, their hashes fit in one Secrets Manager secret (64 KiB)
     * with room to spare; a write past that limit would fail after the credentials version was raised.
     */
    public static final int MAX_API_KEYS = 100;

    public static final int MAX_API_KEY_NAME_LENGTH = 64;

    public AppCredentials {
        appSecrets = List.copyOf(appSecrets);
        apiKeys = Map.copyOf(apiKeys);
        if (appSecrets.size() > MAX_APP_SECRETS) {
            throw new IllegalArgumentException("at most " + MAX_APP_SECRETS + " app secrets may be active");
        }
    }

    public static AppCredentials empty() {
        return new AppCredentials(0, List.of(), Map.of());
    }

    public Optional<AppSecretRecord> appSecret(String secretId) {
        return appSecrets.stream().filter(s -> s.secretId().equals(secretId)).findFirst();
    }

    public Optional<ApiKeyRecord> apiKey(String keyId) {
        return Optional.ofNullable(apiKeys.get(keyId));
    }

    /**
     * An app secret's record.
     *
     * @param secretId public id embedded in the secret
     * @param hash SHA-256 hex of the secret's random part
     */
    public record AppSecretRecord(String secretId, String hash, Instant createdAt) {
        public AppSecretRecord {
            Objects.requireNonNull(secretId);
            Objects.requireNonNull(hash);
            Objects.requireNonNull(createdAt);
        }
    }

    /**
     * An API key's record.
     *
     * @param keyId public id embedded in the key
     * @param name a label for people
     * @param hash SHA-256 hex of the key's random part
     * @param scopes what the key may do
     * @param expiresAt when the key stops working; null for never
     * @param revoked whether the key was revoked
     */
    public record ApiKeyRecord(String keyId, String name, String hash, Set<Scope> scopes, Instant createdAt,
                               Instant expiresAt, boolean revoked) {
        public ApiKeyRecord {
            Objects.requireNonNull(keyId);
            Objects.requireNonNull(name);
            Objects.requireNonNull(hash);
            scopes = Set.copyOf(scopes);
            Objects.requireNonNull(createdAt);
        }

        /** Whether the key may be used at {@code now}: not revoked and not expired. */
        public boolean usableAt(Instant now) {
            return !revoked && (expiresAt == null || now.isBefore(expiresAt));
        }
    }
}
