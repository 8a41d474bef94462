package io.userlink.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.support.FlowTest;
import io.userlink.support.Race;
import io.userlink.support.TestApi.Reply;
import io.userlink.token.AccessToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** POST /v1/token: rotation, reuse detection, grace, lifetimes, races (checklist items 5 to 8). */
class RefreshIT extends FlowTest {


    @Test
    void refreshWhenCurrentTokenThenNewPairAndOnlyHashesStored() {
        Reply install = api.register(app, "android", "phone");

        Reply refreshed = api.refresh(install.string("refresh_token"));

        assertEquals(200, refreshed.status(), refreshed.body().toString());
        assertEquals("Bearer", refreshed.string("token_type"));
        assertEquals("install", refreshed.string("scope"));
        assertEquals("no-store", refreshed.headers().get("Cache-Control"));
        assertEquals("no-cache", refreshed.headers().get("Pragma"));
        assertNotEquals(install.string("refresh_token"), refreshed.string("refresh_token"));
        Map<String, AttributeValue> family = family(refreshed.string("refresh_token"));
        assertEquals("1", family.get("generation").n());
        assertEquals(RefreshTokens.hash(refreshed.string("refresh_token")), family.get("current_hash").s());
        assertEquals(RefreshTokens.hash(install.string("refresh_token")), family.get("previous_hash").s());
        assertFalse(family.toString().contains(refreshed.string("refresh_token")), "no token in clear");
    }

    @Test
    void refreshWhenInstallLinkedSinceThenUserTokens() {
        Reply install = api.register(app, "android", "phone");
        String userId = api.link(app, install.string("install_id"), "linked-later").string("id");

        Reply refreshed = api.refresh(install.string("refresh_token"));

        assertEquals("user", refreshed.string("scope"));
        AccessToken token = userlink.verified(refreshed.string("access_token"));
        assertEquals(userId, token.subject());
        assertEquals(install.string("install_id"), token.installId());
    }

    @Test
    void refreshWhenPreviousTokenRetriedWithinGraceThenTheSameSuccessor() {
        String first = api.register(app, "ios", "phone").string("refresh_token");
        String second = api.refresh(first).string("refresh_token");
        userlink.clock().advance(Duration.ofSeconds(29));

        Reply retried = api.refresh(first);

        assertEquals(200, retried.status());
        assertEquals(second, retried.string("refresh_token"), "the family never branches");
        assertEquals(200, api.refresh(second).status(), "and the successor still works");
    }

    @Test
    void refreshWhenRotatedTokenUsedOutsideGraceThenTheWholeFamilyIsRevoked() {
        // checklist 6
        String first = api.register(app, "ios", "phone").string("refresh_token");
        String second = api.refresh(first).string("refresh_token");
        userlink.clock().advance(Duration.ofSeconds(31));

        Reply reused = api.refresh(first);

        assertEquals(400, reused.status());
        assertEquals("invalid_grant", reused.string("error"));
        assertEquals("INVALID_GRANT", reused.string("code"));
        assertEquals(400, api.refresh(second).status(), "the current token died with its family");
        assertEquals("REUSE_DETECTED", family(second).get("revoked_reason").s());
    }

    @Test
    void refreshWhenATokenOlderThanThePreviousIsPresentedWithinGraceThenTheFamilyIsRevoked() {
        // checklist 7: the grace window covers only the immediately previous token
        String first = api.register(app, "ios", "phone").string("refresh_token");
        String second = api.refresh(first).string("refresh_token");
        String third = api.refresh(second).string("refresh_token");

        assertEquals(400, api.refresh(first).status());
        assertEquals(400, api.refresh(third).status());
    }

    @Test
    void refreshWhenUsedContinuouslyThenStillDiesAtTheAbsoluteLifetime() {
        // checklist 8: every 29 days, inside the 30-day idle limit, until 365 days have passed
        String token = api.register(app, "android", "phone").string("refresh_token");
        int refreshes = 0;
        while (true) {
            userlink.clock().advance(Duration.ofDays(29));
            Reply refreshed = api.refresh(token);
            if (refreshed.status() != 200) {
                assertEquals("invalid_grant", refreshed.string("error"));
                break;
            }
            token = refreshed.string("refresh_token");
            refreshes++;
        }
        assertEquals(12, refreshes, "29 days x 12 = 348 days; the 13th refresh, at 377 days, is past 365");
    }

    @Test
    void refreshWhenIdleBeyondThirtyDaysThenExpired() {
        String token = api.register(app, "android", "phone").string("refresh_token");
        userlink.clock().advance(Duration.ofDays(30));

        assertEquals("invalid_grant", api.refresh(token).string("error"));
    }

    @Test
    void refreshWhenInstallDeactivatedThenInstallDeactivatedWithInvalidGrant() {
        Reply oldPhone = api.register(app, "android", "phone");
        api.link(app, oldPhone.string("install_id"), "mover");
        api.link(app, api.register(app, "ios", "phone").string("install_id"), "mover");

        Reply refused = api.refresh(oldPhone.string("refresh_token"));

        assertEquals(400, refused.status());
        assertEquals("INSTALL_DEACTIVATED", refused.string("code"));
        assertEquals("invalid_grant", refused.string("error"));
    }

    @Test
    void refreshWhenUserDeletedOrInstallResetThenTheirTokensAreDead() {
        Reply deletedUsersInstall = api.register(app, "android", "phone");
        String userId = api.link(app, deletedUsersInstall.string("install_id"), "leaving").string("id");
        api.delete(app, userId);
        Reply resetInstall = api.register(app, "android", "tablet");
        Reply user = api.createUser(resetInstall.string("access_token"), api.issueCode(app, "sharer").string("authentication_code"));
        api.reset(user.string("access_token"), resetInstall.string("install_id"));

        assertEquals("INVALID_GRANT", api.refresh(deletedUsersInstall.string("refresh_token")).string("code"));
        assertEquals("INVALID_GRANT", api.refresh(user.string("refresh_token")).string("code"));
    }

    @Test
    void refreshWhenTokenIsNotOursWhateverItsShapeThenInvalidGrantAndNoFamilyRevoked() {
        String real = api.register(app, "android", "phone").string("refresh_token");
        String familyId = RefreshTokens.familyIdOf(real).orElseThrow();
        List<String> forged = List.of("", "abc", "ulr_", real + "x", "ulr_" + familyId + "_0_" + "A".repeat(43),
                "ulr_" + familyId + "_7_" + real.substring(real.length() - 43), "x".repeat(400));

        for (String token : forged) {
            Reply refused = api.refreshForm("grant_type=refresh_token&refresh_token="
                    + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(400, refused.status(), token);
            assertTrue(Set.of("invalid_grant", "invalid_request").contains(refused.string("error")), token);
        }
        assertFalse(family(real).containsKey("revoked_reason"), "forgeries revoke nothing");
        assertEquals(200, api.refresh(real).status());
    }

    @Test
    void refreshWhenTwentyClientsRefreshTheSameTokenAtOnceThenAllGetTheSameSuccessor() throws Exception {
        String token = api.register(app, "ios", "phone").string("refresh_token");
        List<Reply> replies = Race.atOnce(20, i -> () -> api.refresh(token));

        assertEquals(Set.of(200), replies.stream().map(Reply::status).collect(Collectors.toSet()));
        Set<String> successors = replies.stream().map(reply -> reply.string("refresh_token")).collect(Collectors.toSet());
        assertEquals(1, successors.size(), "one successor, no branching");
        assertEquals("1", family(token).get("generation").n());
    }

    @Test
    void tokenRequestWhenMalformedThenTheRfc6749Error() {
        String token = api.register(app, "ios", "phone").string("refresh_token");

        assertEquals("invalid_request", api.refreshForm("refresh_token=" + token).string("error"));
        assertEquals("unsupported_grant_type", api.refreshForm("grant_type=password&username=a&password=b").string("error"));
        assertEquals("invalid_request", api.refreshForm("grant_type=refresh_token").string("error"));
        assertEquals("invalid_request", api.refreshForm("grant_type=refresh_token&refresh_token=" + token
                + "&refresh_token=" + token).string("error"));
        assertEquals("invalid_request", api.refreshJson("{\"grant_type\": 7}").string("error"));
        assertEquals(200, api.refreshJson("{\"grant_type\": \"refresh_token\", \"refresh_token\": \"" + token + "\"}").status());
    }

    @Test
    void tokenErrorWhenAnyThenApplicationJsonAsRfc6749RequiresWithTheProblemMembers() {
        Reply refused = api.refresh("ulr_notours");

        // RFC 6749 §5.2: OAuth clients check the media type before they read `error`.
        assertEquals("application/json", refused.headers().get("Content-Type"));
        assertEquals("invalid_grant", refused.string("error"));
        assertEquals("INVALID_GRANT", refused.string("code"));
        assertEquals(400, ((Number) refused.body().get("status")).intValue());
        assertEquals("no-store", refused.headers().get("Cache-Control"));
    }

    private Map<String, AttributeValue> family(String refreshToken) {
        String familyId = RefreshTokens.familyIdOf(refreshToken).orElseThrow();
        return userlink.dynamoDb().getItem(r -> r.tableName("userlink").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("FAMILY#" + familyId), "sk", AttributeValue.fromS("FAMILY")))).item();
    }
}
