package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.support.FlowTest;
import io.userlink.support.TestApi.Reply;
import io.userlink.support.TestUserlink.TestApp;
import io.userlink.support.TestUserlink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reset of a shared device, deletion of a user, link status and lookup. */
class ResetAndDeletionIT extends FlowTest {


    @Test
    void resetWhenSharedTabletThenTheUserIsDetachedAndTheNextPersonLogsIn() {
        // given: Alice on the family tablet
        Reply tablet = api.register(app, "ios", "tablet");
        Reply alice = api.createUser(tablet.string("access_token"), api.issueCode(app, "alice").string("authentication_code"));

        // when
        Reply reset = api.reset(alice.string("access_token"), tablet.string("install_id"));

        // then: a fresh install pair; Alice's user tokens on this tablet are dead
        assertEquals(200, reset.status());
        assertEquals(tablet.string("install_id"), reset.string("install_id"));
        assertEquals(401, api.status(alice.string("access_token"), tablet.string("install_id")).status());
        Reply status = api.status(reset.string("access_token"), tablet.string("install_id"));
        assertEquals(false, status.body().get("linked"));
        assertNull(status.body().get("user_id"));
        Map<String, Object> aliceRecord = api.lookup(app, alice.string("user_id")).body();
        assertEquals(List.of(), aliceRecord.get("installs"), "no install is promoted, none remains");
        assertEquals("RESET", RestorationIT.events(aliceRecord).getLast());

        // and Bob logs in on the same tablet
        Reply bob = api.createUser(reset.string("access_token"), api.issueCode(app, "bob").string("authentication_code"));
        assertEquals(201, bob.status());
        assertEquals(true, bob.body().get("active"));
        assertNotEquals(alice.string("user_id"), bob.string("user_id"));
    }

    @Test
    void resetWhenAnonymousThenStillAFreshInstallPairAndTheOldRefreshFamilyRevoked() {
        Reply install = api.register(app, "android", "phone");

        Reply reset = api.reset(install.string("access_token"), install.string("install_id"));

        assertEquals(200, reset.status());
        assertNotEquals(install.string("refresh_token"), reset.string("refresh_token"));
    }

    @Test
    void statusWhenAnotherInstallsIdThen404() {
        Reply mine = api.register(app, "android", "phone");
        Reply theirs = api.register(app, "android", "phone");

        assertEquals(404, api.status(mine.string("access_token"), theirs.string("install_id")).status());
        assertEquals(404, api.reset(mine.string("access_token"), theirs.string("install_id")).status());
        assertEquals(401, api.status("not-a-token", mine.string("install_id")).status());
    }

    @Test
    void deleteWhenUserExistsThenGoneTombstoneWithoutExternalIdAndTokensDead() {
        // given
        Reply phone = api.register(app, "android", "phone");
        Reply user = api.createUser(phone.string("access_token"), api.issueCode(app, "zoe@example.com").string("authentication_code"));
        String userId = user.string("user_id");

        // when
        Reply deleted = api.delete(app, userId);

        // then
        assertEquals(204, deleted.status());
        assertEquals(404, api.lookup(app, userId).status());
        assertEquals(404, api.lookupByExternalId(app, "zoe@example.com").status());
        assertEquals(404, api.delete(app, userId).status(), "deleting twice finds nothing");
        assertEquals(401, api.status(user.string("access_token"), phone.string("install_id")).status());
        assertEquals("INSTALL_DELETED", api.link(app, phone.string("install_id"), "zoe@example.com").string("errorCode"));
        List<Map<String, AttributeValue>> partition = userPartition(userId);
        assertEquals(1, partition.size(), "only the tombstone remains: " + partition);
        assertFalse(partition.getFirst().containsKey("external_id"));
        assertFalse(partition.toString().contains("zoe@example.com"));

        // and the external id can start a new user
        String again = api.link(app, api.register(app, "ios", "phone").string("install_id"), "zoe@example.com").string("id");
        assertNotEquals(userId, again);
    }

    @Test
    void deleteWhenUserHasMoreInstallsThanOneTransactionHoldsThenAllEnded() {
        String userId = null;
        List<String> installs = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String installId = api.register(app, "android", "phone").string("install_id");
            installs.add(installId);
            userId = api.link(app, installId, "many-devices").string("id");
        }

        assertEquals(204, api.delete(app, userId).status());

        for (String installId : installs) {
            assertEquals("INSTALL_DELETED", api.link(app, installId, "many-devices").string("errorCode"), installId);
        }
        assertEquals(1, userPartition(userId).size());
    }

    @Test
    void deleteAndLookupWhenAnotherAppsKeyThen404() {
        String userId = api.link(app, api.register(app, "ios", "phone").string("install_id"), "private").string("id");
        TestApp other = userlink.createApp();

        assertEquals(404, api.lookup(other, userId).status());
        assertEquals(404, api.lookupByExternalId(other, "private").status());
        assertEquals(404, api.delete(other, userId).status());
        assertEquals(200, api.lookup(app, userId).status(), "still there");
    }

    @Test
    void lookupThenShowsInstallsActiveOneAndHistoryWithoutTheExternalId() {
        Reply phone = api.register(app, "android", "phone");
        Reply tablet = api.register(app, "ios", "tablet");
        String userId = api.link(app, phone.string("install_id"), "kim@example.com").string("id");
        api.link(app, tablet.string("install_id"), "kim@example.com");

        Reply found = api.lookupByExternalId(app, "kim@example.com");

        assertEquals(200, found.status());
        assertEquals(userId, found.string("user_id"));
        assertEquals("kim@example.com", found.string("external_id"));
        assertEquals(Map.of(phone.string("install_id"), "active", tablet.string("install_id"), "PHONE_PREFERRED"),
                LinkingIT.activity(found.body()));
        assertEquals(List.of("CREATED", "ACTIVATED", "LINKED", "INACTIVE"), RestorationIT.events(found.body()));
        assertFalse(found.body().get("history").toString().contains("kim@example.com"));
        Map<?, ?> install = (Map<?, ?>) ((List<?>) found.body().get("installs")).getFirst();
        assertTrue(install.containsKey("platform") && install.containsKey("device_class") && install.containsKey("linked_at"));
    }

    @Test
    void lookupWhenIdOverlongThen400AndWhenExternalIdMissingThen400() {
        assertEquals("INVALID_ID", api.lookup(app, "u".repeat(257)).string("code"));
        assertEquals("INVALID_FIELD", api.lookupByExternalId(app, "").string("code"));
        assertEquals("USER_NOT_FOUND", api.lookup(app, "whatever").string("code"));
    }

    private List<Map<String, AttributeValue>> userPartition(String userId) {
        return userlink.dynamoDb().query(r -> r.tableName("userlink").consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + userId)))).items();
    }
}
