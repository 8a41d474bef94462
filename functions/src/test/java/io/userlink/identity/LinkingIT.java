package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** POST /v2/users/{install_id}/link, as legacy integrations call it. */
class LinkingIT extends FlowTest {

    @Test
    void linkWhenExternalIdsDifferOnlyInUnpairedSurrogatesThenRefusedRatherThanMergedIntoOneUser() {
        // given: three ids a JSON parser reads as different strings, two of them not Unicode
        String first = api.register(app, "ios", "phone").string("install_id");
        String second = api.register(app, "ios", "phone").string("install_id");
        String third = api.register(app, "ios", "phone").string("install_id");

        // when
        Reply high = api.link(app.apiKey(), first, "{\"id\": \"mallory\\ud800X\"}");
        Reply low = api.link(app.apiKey(), second, "{\"id\": \"mallory\\udfffX\"}");
        Reply question = api.link(app, third, "mallory?X");
        Reply code = api.issueCodeWithBody(app, "{\"external_id\": \"mallory\\udbffX\"}");

        // then
        assertEquals(400, high.status());
        assertEquals("MALFORMED_BODY", high.string("code"));
        assertEquals("MALFORMED_BODY", high.string("errorCode"), "legacy integrations read errorCode");
        assertEquals(400, low.status());
        assertEquals(200, question.status());
        assertEquals(400, code.status());
        assertEquals(1, ((List<?>) api.lookup(app, question.string("id")).body().get("installs")).size(),
                "only the install linked with a well-formed id joined the user");
    }

    @Test
    void linkWhenAPairedSurrogateThenAcceptedAndKeptExactly() {
        String installId = api.register(app, "ios", "phone").string("install_id");

        Reply linked = api.link(app.apiKey(), installId, "{\"id\": \"emoji-\\ud83d\\ude00\"}");

        assertEquals(200, linked.status(), linked.body().toString());
        assertEquals("emoji-\uD83D\uDE00", api.lookup(app, linked.string("id")).string("external_id"));
    }

    @Test
    void linkWhenExternalIdNewThenCreatesTheUserAndActivatesTheInstall() {
        String installId = api.register(app, "ios", "phone").string("install_id");

        Reply linked = api.link(app, installId, "customer-1");

        assertEquals(200, linked.status());
        assertTrue(linked.string("id").startsWith("usr-"));
        assertEquals(true, linked.body().get("active"));
        assertNull(linked.body().get("inactive_reason"));
        assertEquals(linked.string("id"), api.lookupByExternalId(app, "customer-1").string("user_id"));
    }

    @Test
    void linkWhenExternalIdKnownThenTheInstallJoinsThatUserAndTheNewestWins() {
        String first = api.register(app, "android", "phone").string("install_id");
        String second = api.register(app, "ios", "phone").string("install_id");
        String userId = api.link(app, first, "customer-2").string("id");

        Reply joined = api.link(app, second, "customer-2");

        assertEquals(userId, joined.string("id"));
        assertEquals(true, joined.body().get("active"));
        Map<String, Object> user = api.lookup(app, userId).body();
        assertEquals(2, ((List<?>) user.get("installs")).size());
        assertEquals(Map.of(first, "REPLACED_BY_NEWER_INSTALL", second, "active"), activity(user));
    }

    @Test
    void linkWhenSameInstallAndSameExternalIdAgainThenSameAnswerAndNoChange() {
        String installId = api.register(app, "ios", "phone").string("install_id");
        Reply first = api.link(app, installId, "customer-3");
        int historyBefore = history(api.lookup(app, first.string("id")).body());

        Reply again = api.link(app, installId, "customer-3");

        assertEquals(200, again.status());
        assertEquals(first.body(), again.body());
        assertEquals(historyBefore, history(api.lookup(app, first.string("id")).body()));
    }

    @Test
    void linkWhenInstallLinkedToAnotherUserThen403WithLegacyFields() {
        String installId = api.register(app, "ios", "phone").string("install_id");
        api.link(app, installId, "customer-4");

        Reply refused = api.link(app, installId, "someone-else");

        assertEquals(403, refused.status());
        assertEquals("INSTALL_LINKED_TO_OTHER_USER", refused.string("code"));
        assertEquals("INSTALL_LINKED_TO_OTHER_USER", refused.string("errorCode"));
        assertEquals(refused.string("detail"), refused.string("message"));
    }

    @Test
    void linkWhenInstallUnknownThen404AndWhenOtherAppsThen403() {
        TestApp other = userlink.createApp();
        String othersInstall = api.register(other, "ios", "phone").string("install_id");

        Reply unknown = api.link(app, "ins-doesnotexistanywhere00000", "customer-5");
        Reply foreign = api.link(app, othersInstall, "customer-5");

        assertEquals(404, unknown.status());
        assertEquals("INSTALL_NOT_FOUND", unknown.string("errorCode"));
        assertEquals(403, foreign.status());
        assertEquals("INSTALL_DOES_NOT_BELONG_TO_APP", foreign.string("errorCode"));
        assertEquals(404, api.lookupByExternalId(other, "customer-5").status(), "nothing was linked in either app");
    }

    @Test
    void linkWhenInstallWasDeactivatedThen403InstallDeactivated() {
        String old = api.register(app, "ios", "phone").string("install_id");
        String fresh = api.register(app, "ios", "phone").string("install_id");
        api.link(app, old, "customer-6");
        api.link(app, fresh, "customer-6");

        Reply refused = api.link(app, old, "customer-6");

        assertEquals(403, refused.status());
        assertEquals("INSTALL_DEACTIVATED", refused.string("errorCode"));
    }

    @Test
    void linkWhenBodyHasIdAndExternalIdThenTheyMustAgree() {
        String installId = api.register(app, "ios", "phone").string("install_id");

        Reply differ = api.link(app.apiKey(), installId, "{\"id\": \"a\", \"external_id\": \"b\"}");
        Reply agree = api.link(app.apiKey(), installId, "{\"id\": \"a\", \"external_id\": \"a\"}");
        Reply onlyNew = api.link(app.apiKey(), api.register(app, "ios", "phone").string("install_id"), "{\"external_id\": \"a\"}");

        assertEquals(400, differ.status());
        assertEquals("INVALID_FIELD", differ.string("errorCode"));
        assertEquals(200, agree.status());
        assertEquals(agree.string("id"), onlyNew.string("id"));
    }

    @Test
    void linkWhenExternalIdOverlongOrWithControlCharactersThen400() {
        String installId = api.register(app, "ios", "phone").string("install_id");

        assertEquals(400, api.link(app, installId, "x".repeat(257)).status());
        assertEquals(400, api.link(app, installId, "bad\u0007id").status());
        assertEquals(200, api.link(app, installId, "x".repeat(256)).status());
    }

    @Test
    void linkWhenInstallIdOverlongThen400AndWhenMerelyOddThen404() {
        assertEquals("INVALID_ID", api.link(app, "i".repeat(257), "customer-7").string("errorCode"));
        assertEquals("INSTALL_NOT_FOUND", api.link(app, "not-an-install-id", "customer-7").string("errorCode"));
    }

    @Test
    void linkWhenBodyNamesUserOrAppThenTheyAreIgnored() {
        TestApp other = userlink.createApp();
        String victim = api.link(other, api.register(other, "ios", "phone").string("install_id"), "victim").string("id");
        String installId = api.register(app, "ios", "phone").string("install_id");

        Reply linked = api.link(app.apiKey(), installId,
                "{\"id\": \"customer-8\", \"user_id\": \"" + victim + "\", \"app_id\": \"" + other.appId() + "\"}");

        assertNotEquals(victim, linked.string("id"));
        assertEquals(404, api.lookup(app, victim).status());
    }

    @Test
    void linkWhenKeyLacksTheScopeThen403() {
        String readOnly = userlink.administration().createApiKey(app.appId(), "reader",
                java.util.Set.of(io.userlink.app.Scope.USER_READ), null);
        String installId = api.register(app, "ios", "phone").string("install_id");

        Reply refused = api.link(readOnly, installId, "{\"id\": \"customer-9\"}");

        assertEquals(403, refused.status());
        assertEquals("INSUFFICIENT_SCOPE", refused.string("errorCode"));
    }

    static Map<String, String> activity(Map<String, Object> user) {
        Map<String, String> activity = new java.util.HashMap<>();
        for (Object entry : (java.util.List<?>) user.get("installs")) {
            Map<?, ?> install = (Map<?, ?>) entry;
            activity.put((String) install.get("install_id"),
                    Boolean.TRUE.equals(install.get("active")) ? "active" : String.valueOf(install.get("inactive_reason")));
        }
        return activity;
    }

    static int history(Map<String, Object> user) {
        return ((java.util.List<?>) user.get("history")).size();
    }
}
