package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.local.iam.AwsError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Secrets Manager's quota of versions a secret, as the local vault keeps it. */
class SecretVaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "userlink/apps/app-quota";

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
    private final SecretVault vault = new SecretVault(now::get);

    @Test
    void putSecretValueWhenAHundredVersionsWereMadeWithinADayThenTheNextIsRefusedAndTheValueStays() throws AwsError {
        List<String> versions = hundredVersions();

        AwsError refused = assertThrows(AwsError.class, () -> put("value 101"));

        assertEquals(List.of(400, "LimitExceededException"), List.of(refused.status(), refused.type()));
        assertTrue(refused.getMessage().contains(SECRET) && !refused.getMessage().contains("value 101"), refused.getMessage());
        assertEquals("value 100", current().get("SecretString").asText());
        assertEquals(versions.getLast(), current().get("VersionId").asText());
    }

    @Test
    void putSecretValueWhenTheOldestUnlabelledVersionTurns24HoursOldThenItMakesRoom() throws AwsError {
        List<String> versions = hundredVersions();
        now.set(now.get().plus(SecretVault.VERSION_RETENTION).minusSeconds(1));
        assertThrows(AwsError.class, () -> put("a second early"));

        now.set(now.get().plusSeconds(1));
        String newest = put("value 101");

        assertEquals(newest, current().get("VersionId").asText());
        AwsError removed = assertThrows(AwsError.class, () -> byVersion(versions.getFirst()));
        assertEquals("ResourceNotFoundException", removed.type());
        assertEquals("value 100", byVersion(versions.getLast()).get("SecretString").asText(), "AWSPREVIOUS kept");
        assertEquals("value 2", byVersion(versions.get(1)).get("SecretString").asText(), "one removed, for one new");
    }

    @Test
    void putSecretValueWhenEveryOldVersionIsLabelledThenNoneIsRemoved() throws AwsError {
        List<String> versions = hundredVersions();
        // The first version keeps a label of its own: Secrets Manager removes only unlabelled versions.
        vault.perform("UpdateSecretVersionStage", JSON.createObjectNode().put("SecretId", SECRET)
                .put("VersionStage", "KEEP").put("MoveToVersionId", versions.getFirst()));
        now.set(now.get().plus(SecretVault.VERSION_RETENTION));

        put("value 101");

        assertEquals("value 1", byVersion(versions.getFirst()).get("SecretString").asText());
        AwsError removed = assertThrows(AwsError.class, () -> byVersion(versions.get(1)));
        assertEquals("ResourceNotFoundException", removed.type());
    }

    /** What a day does to a full secret, at once, for the cold-start benchmark: the labelled versions stay. */
    @Test
    void dropUnlabelledVersionsThenTheLabelledStayAndNewVersionsAreTaken() throws AwsError {
        List<String> versions = hundredVersions();

        vault.dropUnlabelledVersions(SECRET);

        JsonNode listed = vault.perform("ListSecretVersionIds", JSON.createObjectNode().put("SecretId", SECRET)
                .put("IncludeDeprecated", true));
        assertEquals(versions.subList(98, 100), listed.get("Versions").findValuesAsText("VersionId"));
        put("value 101");
    }

    /** The versions AWS lists: labelled ones by default, every one with IncludeDeprecated, in pages of MaxResults. */
    @Test
    void listSecretVersionIdsThenLabelledOnesUnlessDeprecatedOnesAreAskedForInPages() throws AwsError {
        List<String> versions = hundredVersions();

        JsonNode labelled = vault.perform("ListSecretVersionIds", JSON.createObjectNode().put("SecretId", SECRET));
        JsonNode firstPage = vault.perform("ListSecretVersionIds", JSON.createObjectNode().put("SecretId", SECRET)
                .put("IncludeDeprecated", true).put("MaxResults", 60));
        JsonNode secondPage = vault.perform("ListSecretVersionIds", JSON.createObjectNode().put("SecretId", SECRET)
                .put("IncludeDeprecated", true).put("MaxResults", 60).put("NextToken", firstPage.get("NextToken").asText()));

        assertEquals(List.of(versions.get(98), versions.get(99)), labelled.get("Versions").findValuesAsText("VersionId"));
        assertEquals("[\"AWSCURRENT\"]", labelled.get("Versions").get(1).get("VersionStages").toString());
        assertEquals(now.get().getEpochSecond(), labelled.get("Versions").get(0).get("CreatedDate").asLong());
        List<String> listed = new ArrayList<>(firstPage.get("Versions").findValuesAsText("VersionId"));
        listed.addAll(secondPage.get("Versions").findValuesAsText("VersionId"));
        assertEquals(versions, listed);
        assertTrue(secondPage.path("NextToken").isMissingNode(), secondPage.toString());
    }

    /** A secret created with one version and given 99 more within the same day; their ids, oldest first. */
    private List<String> hundredVersions() throws AwsError {
        List<String> versions = new ArrayList<>();
        versions.add(vault.perform("CreateSecret", JSON.createObjectNode().put("Name", SECRET).put("SecretString", "value 1"))
                .get("VersionId").asText());
        for (int i = 2; i <= SecretVault.MAX_VERSIONS; i++) {
            versions.add(put("value " + i));
        }
        return versions;
    }

    private String put(String value) throws AwsError {
        return vault.perform("PutSecretValue", JSON.createObjectNode().put("SecretId", SECRET).put("SecretString", value))
                .get("VersionId").asText();
    }

    private JsonNode current() throws AwsError {
        return vault.perform("GetSecretValue", JSON.createObjectNode().put("SecretId", SECRET));
    }

    private JsonNode byVersion(String versionId) throws AwsError {
        return vault.perform("GetSecretValue", JSON.createObjectNode().put("SecretId", SECRET).put("VersionId", versionId));
    }
}
