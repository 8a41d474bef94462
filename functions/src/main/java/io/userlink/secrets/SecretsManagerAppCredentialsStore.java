package io.userlink.secrets;

import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.AppCredentials.AppSecretRecord;
import io.userlink.app.AppCredentials;
import io.userlink.app.AppCredentialsStore;
import io.userlink.app.Scope;
import io.userlink.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * App credentials in Secrets Manager: one secret per app, named {@code <prefix><app id>}, holding the
 * hashes of its app secrets and API keys as JSON.
 */
public final class SecretsManagerAppCredentialsStore implements AppCredentialsStore {

    /** Secrets Manager's quota of versions a secret, which it does not adjust. */
    static final int MAX_VERSIONS = 100;
    /** How long Secrets Manager keeps a version it might otherwise remove. */
    static final Duration VERSION_RETENTION = Duration.ofHours(24);

    private final SecretsManagerClient secretsManager;
    private final String namePrefix;

    public SecretsManagerAppCredentialsStore(SecretsManagerClient secretsManager, String namePrefix) {
        this.secretsManager = Objects.requireNonNull(secretsManager);
        this.namePrefix = Objects.requireNonNull(namePrefix);
    }

    @Override
    public AppCredentials load(String appId) {
        try {
            String json = SecretsManagerErrors.translated(() -> secretsManager
                    .getSecretValue(r -> r.secretId(secretName(appId))).secretString());
            return fromJson(SecretJson.parse(json));
        } catch (ResourceNotFoundException e) {
            return AppCredentials.empty();
        }
    }

    @Override
    public void save(String appId, AppCredentials credentials) {
        String json = Json.write(toJson(credentials));
        try {
            SecretsManagerErrors.translated(() -> secretsManager.putSecretValue(r -> r
                    .secretId(secretName(appId)).secretString(json)));
        } catch (ResourceNotFoundException e) {
            SecretsManagerErrors.translated(() -> secretsManager.createSecret(r -> r
                    .name(secretName(appId))
                    .description("Userlink credential hashes of app " + appId)
                    .secretString(json)));
        }
    }

    /**
     * Counts the versions Secrets Manager may not remove (labelled, or created within {@link #VERSION_RETENTION}); at
     * {@value #MAX_VERSIONS}, the next is refused until the oldest unlabelled one of them is old enough to go.
     */
    @Override
    public Optional<Instant> fullUntil(String appId, Instant now) {
        List<SecretVersionsListEntry> versions;
        try {
            versions = SecretsManagerErrors.translated(() -> secretsManager.listSecretVersionIdsPaginator(r -> r
                    .secretId(secretName(appId)).includeDeprecated(true)).stream().flatMap(page -> page.versions().stream())
                    .toList());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        Instant retainedSince = now.minus(VERSION_RETENTION);
        List<SecretVersionsListEntry> kept = versions.stream()
                .filter(version -> isLabelled(version) || version.createdDate().isAfter(retainedSince)).toList();
        if (kept.size() < MAX_VERSIONS) {
            return Optional.empty();
        }
        return Optional.of(kept.stream().filter(version -> !isLabelled(version)).map(SecretVersionsListEntry::createdDate)
                .min(Comparator.naturalOrder()).orElse(now).plus(VERSION_RETENTION));
    }

    private static boolean isLabelled(SecretVersionsListEntry version) {
        return version.hasVersionStages() && !version.versionStages().isEmpty();
    }

    /** The secret's name: IAM policies grant the functions read access to {@code <prefix>*}. */
    public String secretName(String appId) {
        return namePrefix + appId;
    }

    private static Map<String, Object> toJson(AppCredentials credentials) {
        List<Map<String, Object>> secrets = credentials.appSecrets().stream().map(secret -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("secret_id", secret.secretId());
            json.put("hash", secret.hash());
            json.put("created_at", secret.createdAt().getEpochSecond());
            return json;
        }).toList();
        List<Map<String, Object>> keys = credentials.apiKeys().values().stream().map(key -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("key_id", key.keyId());
            json.put("name", key.name());
            json.put("hash", key.hash());
            json.put("scopes", key.scopes().stream().map(Scope::value).sorted().toList());
            json.put("created_at", key.createdAt().getEpochSecond());
            json.put("expires_at", key.expiresAt() == null ? null : key.expiresAt().getEpochSecond());
            json.put("revoked", key.revoked());
            return json;
        }).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", credentials.version());
        json.put("app_secrets", secrets);
        json.put("api_keys", keys);
        return json;
    }

    private static AppCredentials fromJson(SecretJson json) {
        List<AppSecretRecord> secrets = new ArrayList<>();
        for (SecretJson secret : json.objects("app_secrets")) {
            secrets.add(new AppSecretRecord(secret.string("secret_id"), secret.string("hash"),
                    secret.instant("created_at")));
        }
        List<ApiKeyRecord> keys = new ArrayList<>();
        for (SecretJson key : json.objects("api_keys")) {
            keys.add(new ApiKeyRecord(key.string("key_id"), key.string("name"), key.string("hash"),
                    key.strings("scopes").stream().flatMap(s -> Scope.fromValue(s).stream())
                            .collect(Collectors.toSet()),
                    key.instant("created_at"), key.optionalInstant("expires_at"), key.bool("revoked")));
        }
        return new AppCredentials(json.number("version"), secrets,
                keys.stream().collect(Collectors.toMap(ApiKeyRecord::keyId, Function.identity())));
    }

}
