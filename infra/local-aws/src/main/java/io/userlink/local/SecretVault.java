package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.local.iam.AwsError;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The state and operations behind {@link LocalSecretsManager}: secrets with versions and staging labels,
 * following the semantics documented for the Secrets Manager API, and its quota of versions: a secret keeps every
 * version of the last 24 hours and every labelled one, at most {@value #MAX_VERSIONS}; older unlabelled versions
 * make room for new ones.
 */
final class SecretVault {

    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";
    static final int MAX_SECRET_BYTES = 65_536;
    /** Secrets Manager's quota of versions a secret, which it does not adjust. */
    static final int MAX_VERSIONS = 100;
    /** How long Secrets Manager keeps a version it might otherwise remove. */
    static final Duration VERSION_RETENTION = Duration.ofHours(24);
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Version(String id, String value, Instant created) {}

    /** A rotation the vault has staged and whose steps the caller must now run, outside the vault's lock. */
    record StagedRotation(String secretId, String token) {}

    private static final class Secret {
        final String name;
        final String arn;
        final Map<String, Version> versions = new LinkedHashMap<>();
        final Map<String, String> stageToVersion = new LinkedHashMap<>();

        /** A new secret: its ARN ends with six random characters, as the service's do. */
        Secret(String name) {
            this(name, LocalDeployment.secretArnPrefix(name) + "-" + randomSuffix());
        }

        private static String randomSuffix() {
            StringBuilder suffix = new StringBuilder(6);
            for (int i = 0; i < 6; i++) {
                suffix.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
            }
            return suffix.toString();
        }

        Secret(String name, String arn) {
            this.name = name;
            this.arn = arn;
        }
    }

    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final InstantSource clock;

    SecretVault(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    synchronized JsonNode perform(String operation, JsonNode request) throws AwsError {
        return switch (operation) {
            case "CreateSecret" -> create(request);
            case "GetSecretValue" -> getValue(request);
            case "PutSecretValue" -> putValue(request);
            case "DescribeSecret" -> describe(request);
            case "ListSecretVersionIds" -> listVersions(request);
            case "UpdateSecretVersionStage" -> updateStage(request);
            case "ListSecrets" -> list();
            case "DeleteSecret" -> delete(request);
            case "RotateSecret" -> rotate(request);
            default -> throw new AwsError(400, "InvalidRequestException",
                    "the local Secrets Manager does not implement " + operation);
        };
    }

    /** The name of the secret a request names (by name or ARN). */
    synchronized String name(JsonNode request) throws AwsError {
        return find(request).name;
    }

    /** The ARN of the secret {@code secretId} names (by name or ARN), if it exists. */
    synchronized Optional<String> arn(String secretId) {
        Secret byName = secrets.get(secretId);
        if (byName != null) {
            return Optional.of(byName.arn);
        }
        return secrets.values().stream().filter(secret -> secret.arn.equals(secretId)).map(secret -> secret.arn).findFirst();
    }

    private JsonNode create(JsonNode request) throws AwsError {
        String name = required(request, "Name");
        if (request.hasNonNull("SecretString")) {
            requireWithinSizeLimit(request.get("SecretString").asText());
        }
        if (secrets.containsKey(name)) {
            throw new AwsError(400, "ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        Secret secret = new Secret(name);
        secrets.put(name, secret);
        ObjectNode response = identify(secret);
        if (request.hasNonNull("SecretString")) {
            Version version = addVersion(secret, versionId(request), request.get("SecretString").asText());
            moveStage(secret, CURRENT, version.id());
            response.put("VersionId", version.id());
        }
        return response;
    }

    private JsonNode getValue(JsonNode request) throws AwsError {
        Secret secret = find(request);
        String versionId = request.hasNonNull("VersionId") ? request.get("VersionId").asText()
                : secret.stageToVersion.get(text(request, "VersionStage", CURRENT));
        Version version = versionId == null ? null : secret.versions.get(versionId);
        if (version == null) {
            throw new AwsError(400, "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for the version or staging label.");
        }
        ObjectNode response = identify(secret);
        response.put("VersionId", version.id());
        response.put("SecretString", version.value());
        response.set("VersionStages", JSON.valueToTree(stagesOf(secret, version.id())));
        response.put("CreatedDate", version.created().getEpochSecond());
        return response;
    }

    private JsonNode putValue(JsonNode request) throws AwsError {
        Secret secret = find(request);
        String value = requireWithinSizeLimit(required(request, "SecretString"));
        String versionId = versionId(request);
        Version existing = secret.versions.get(versionId);
        if (existing != null && !existing.value().equals(value)) {
            throw new AwsError(400, "ResourceExistsException",
                    "You can't modify an existing version, you can only create a new version.");
        }
        ObjectNode response = identify(secret);
        if (existing != null) {
            // Secrets Manager ignores a repeated request: a retry never moves a stage back to the version it made.
            response.put("VersionId", existing.id());
            response.set("VersionStages", JSON.valueToTree(stagesOf(secret, existing.id())));
            return response;
        }
        Version version = addVersion(secret, versionId, value);
        List<String> stages = new ArrayList<>();
        request.path("VersionStages").forEach(stage -> stages.add(stage.asText()));
        if (stages.isEmpty()) {
            stages.add(CURRENT);
        }
        for (String stage : stages) {
            moveStage(secret, stage, version.id());
        }
        response.put("VersionId", version.id());
        response.set("VersionStages", JSON.valueToTree(stagesOf(secret, version.id())));
        return response;
    }

    private JsonNode describe(JsonNode request) throws AwsError {
        Secret secret = find(request);
        ObjectNode response = identify(secret);
        ObjectNode versions = response.putObject("VersionIdsToStages");
        Set<String> versionIds = new LinkedHashSet<>(secret.versions.keySet());
        versionIds.addAll(secret.stageToVersion.values());
        for (String versionId : versionIds) {
            List<String> stages = stagesOf(secret, versionId);
            if (!stages.isEmpty()) {
                versions.set(versionId, JSON.valueToTree(stages));
            }
        }
        return response;
    }

    /**
     * The secret's versions, oldest first: with {@code IncludeDeprecated}, the unlabelled ones too. Pages of
     * {@code MaxResults} (at most 100, the default); {@code NextToken} is the index of the next page's first version.
     */
    private JsonNode listVersions(JsonNode request) throws AwsError {
        Secret secret = find(request);
        boolean deprecatedToo = request.path("IncludeDeprecated").asBoolean(false);
        List<Version> listed = secret.versions.values().stream()
                .filter(version -> deprecatedToo || !isUnlabelled(secret, version.id())).toList();
        int pageSize = request.path("MaxResults").asInt(MAX_VERSIONS);
        if (pageSize < 1 || pageSize > MAX_VERSIONS) {
            throw new AwsError(400, "InvalidParameterException", "MaxResults must be from 1 to " + MAX_VERSIONS + ".");
        }
        int from = request.path("NextToken").asInt(0);
        ObjectNode response = identify(secret);
        var versions = response.putArray("Versions");
        for (Version version : listed.subList(Math.min(from, listed.size()), Math.min(from + pageSize, listed.size()))) {
            versions.addObject().put("VersionId", version.id())
                    .put("CreatedDate", version.created().getEpochSecond())
                    .set("VersionStages", JSON.valueToTree(stagesOf(secret, version.id())));
        }
        if (from + pageSize < listed.size()) {
            response.put("NextToken", Integer.toString(from + pageSize));
        }
        return response;
    }

    private JsonNode updateStage(JsonNode request) throws AwsError {
        Secret secret = find(request);
        String stage = required(request, "VersionStage");
        String moveTo = text(request, "MoveToVersionId", null);
        String removeFrom = text(request, "RemoveFromVersionId", null);
        String holder = secret.stageToVersion.get(stage);
        if (moveTo != null && !secret.versions.containsKey(moveTo)) {
            throw new AwsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret version.");
        }
        if (holder != null && !holder.equals(moveTo) && !holder.equals(removeFrom)) {
            throw new AwsError(400, "InvalidParameterException", "The staging label " + stage
                    + " is currently attached to version " + holder + ", so you must explicitly reference that version in RemoveFromVersionId.");
        }
        if (moveTo == null) {
            if (removeFrom != null && removeFrom.equals(holder)) {
                secret.stageToVersion.remove(stage);
            }
        } else {
            moveStage(secret, stage, moveTo);
        }
        return identify(secret);
    }

    /**
     * Stages a new version id as AWSPENDING, without a value, as the service does before it invokes the
     * rotation function's createSecret step. As the service, it takes AWSPENDING on a version other than
     * AWSCURRENT's for a rotation still in progress (one that failed leaves it so) and refuses to start another.
     */
    private JsonNode rotate(JsonNode request) throws AwsError {
        Secret secret = find(request);
        String pending = secret.stageToVersion.get(PENDING);
        if (pending != null && !pending.equals(secret.stageToVersion.get(CURRENT))) {
            throw new AwsError(400, "InvalidRequestException",
                    "A previous rotation isn't complete. That rotation will be reattempted.");
        }
        String token = versionId(request);
        secret.stageToVersion.put(PENDING, token);
        ObjectNode response = identify(secret);
        response.put("VersionId", token);
        return response;
    }

    /** The rotation a RotateSecret response announced. */
    static StagedRotation stagedRotation(JsonNode response) {
        return new StagedRotation(response.get("ARN").asText(), response.get("VersionId").asText());
    }

    private JsonNode list() {
        ObjectNode response = JSON.createObjectNode();
        var list = response.putArray("SecretList");
        secrets.values().forEach(secret -> list.add(identify(secret)));
        return response;
    }

    private JsonNode delete(JsonNode request) throws AwsError {
        Secret secret = find(request);
        secrets.remove(secret.name);
        ObjectNode response = identify(secret);
        response.put("DeletionDate", clock.instant().getEpochSecond());
        return response;
    }

    /** Drops the unlabelled versions of the secret named {@code name}, as Secrets Manager drops them a day on. */
    synchronized void dropUnlabelledVersions(String name) {
        Secret secret = secrets.get(name);
        if (secret != null) {
            secret.versions.keySet().removeIf(versionId -> isUnlabelled(secret, versionId));
        }
    }

    /** Every secret with its versions and stages, as JSON: what a data directory keeps between runs. */
    synchronized JsonNode snapshot() {
        ObjectNode root = JSON.createObjectNode();
        for (Secret secret : secrets.values()) {
            ObjectNode node = root.putObject(secret.name);
            node.put("arn", secret.arn);
            ObjectNode versions = node.putObject("versions");
            secret.versions.values().forEach(v -> versions.putObject(v.id())
                    .put("value", v.value()).put("created", v.created().getEpochSecond()));
            node.set("stages", JSON.valueToTree(secret.stageToVersion));
        }
        return root;
    }

    /** Replaces the vault's content with a {@link #snapshot()}. */
    synchronized void restore(JsonNode snapshot) {
        secrets.clear();
        snapshot.properties().forEach(entry -> {
            Secret secret = new Secret(entry.getKey(), entry.getValue().get("arn").asText());
            entry.getValue().get("versions").properties().forEach(v -> secret.versions.put(v.getKey(),
                    new Version(v.getKey(), v.getValue().get("value").asText(),
                            Instant.ofEpochSecond(v.getValue().get("created").asLong()))));
            entry.getValue().get("stages").properties()
                    .forEach(stage -> secret.stageToVersion.put(stage.getKey(), stage.getValue().asText()));
            secrets.put(secret.name, secret);
        });
    }

    private void moveStage(Secret secret, String stage, String versionId) {
        String previousHolder = secret.stageToVersion.put(stage, versionId);
        // Moving AWSCURRENT hands AWSPREVIOUS to the version that held it, as the service does.
        if (CURRENT.equals(stage) && previousHolder != null && !previousHolder.equals(versionId)) {
            secret.stageToVersion.put(PREVIOUS, previousHolder);
        }
    }

    /**
     * Adds a version, making room for it as Secrets Manager does: it removes unlabelled versions beyond
     * {@value #MAX_VERSIONS}, oldest first, but none created within {@link #VERSION_RETENTION}. When that leaves no room,
     * the version is refused. The code is the one public reports of the quota show; the words are ours, not verified on
     * AWS.
     */
    private Version addVersion(Secret secret, String versionId, String value) throws AwsError {
        Instant now = clock.instant();
        Instant retainedSince = now.minus(VERSION_RETENTION);
        List<Version> removable = secret.versions.values().stream()
                .filter(version -> isUnlabelled(secret, version.id()) && !version.created().isAfter(retainedSince))
                .toList();
        for (int i = 0; i < removable.size() && secret.versions.size() >= MAX_VERSIONS; i++) {
            secret.versions.remove(removable.get(i).id());
        }
        if (secret.versions.size() >= MAX_VERSIONS) {
            throw new AwsError(400, "LimitExceededException", "The secret " + secret.name + " has " + MAX_VERSIONS
                    + " versions that Secrets Manager keeps (labelled, or created within the last 24 hours): it takes"
                    + " a new one once an unlabelled version is 24 hours old.");
        }
        Version version = new Version(versionId, value, now);
        secret.versions.put(versionId, version);
        return version;
    }

    /** Whether no stage label names the version: what Secrets Manager calls deprecated, and may remove. */
    private static boolean isUnlabelled(Secret secret, String versionId) {
        return !secret.stageToVersion.containsValue(versionId);
    }

    private static List<String> stagesOf(Secret secret, String versionId) {
        List<String> stages = new ArrayList<>();
        secret.stageToVersion.forEach((stage, holder) -> {
            if (holder.equals(versionId)) {
                stages.add(stage);
            }
        });
        return stages;
    }

    private Secret find(JsonNode request) throws AwsError {
        String id = required(request, "SecretId");
        Secret byName = secrets.get(id);
        if (byName != null) {
            return byName;
        }
        Set<Secret> byArn = new HashSet<>();
        for (Secret secret : secrets.values()) {
            if (secret.arn.equals(id)) {
                byArn.add(secret);
            }
        }
        if (byArn.isEmpty()) {
            throw new AwsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return byArn.iterator().next();
    }

    private static ObjectNode identify(Secret secret) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ARN", secret.arn);
        node.put("Name", secret.name);
        return node;
    }

    /**
     * Secrets Manager's limit on a secret's value, 65,536 (its API model, and 64 KB in its quotas), checked as bytes
     * of UTF-8, the stricter reading. AWS checks it before anything else, as input validation; the code and words of
     * its refusal are the API's for a failed constraint, not verified on AWS. The value itself is never in them.
     */
    private static String requireWithinSizeLimit(String value) throws AwsError {
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
            throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'secretString' failed"
                    + " to satisfy constraint: Member must have length less than or equal to " + MAX_SECRET_BYTES);
        }
        return value;
    }

    private static String versionId(JsonNode request) {
        return text(request, "ClientRequestToken", UUID.randomUUID().toString());
    }

    private static String required(JsonNode request, String field) throws AwsError {
        String value = text(request, field, null);
        if (value == null || value.isEmpty()) {
            throw new AwsError(400, "InvalidParameterException", "You must provide a value for " + field + ".");
        }
        return value;
    }

    private static String text(JsonNode request, String field, String fallback) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
