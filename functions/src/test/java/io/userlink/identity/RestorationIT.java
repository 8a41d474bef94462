package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.credential.Sha256;
import io.userlink.support.FlowTest;
import io.userlink.support.Tampered;
import io.userlink.support.TestApi.Reply;
import io.userlink.support.TestUserlink;
import io.userlink.support.TestUserlink.TestApp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Authentication codes and user creation or restoration on a device (POST /v1/auth-codes, POST /v1/users). */
class RestorationIT extends FlowTest {


    @Test
    void createUserWhenExternalIdNewThen201WithUserTokensAndSdkConfig() {
        Reply install = api.register(app, "android", "phone");
        Reply code = api.issueCode(app, "alice");
        assertEquals(201, code.status());
        assertNull(code.body().get("user_id"), "alice is new at issue time");
        assertTrue(code.string("authentication_code").startsWith("ulc_"));

        Reply created = api.createUser(install.string("access_token"), code.string("authentication_code"));

        assertEquals(201, created.status(), created.body().toString());
        assertEquals("alice", created.string("external_id"));
        assertEquals(false, created.body().get("restored"));
        assertEquals(true, created.body().get("active"));
        assertEquals(Map.of(), created.body().get("sdk_config"));
        assertNotNull(created.string("refresh_token"));
        var token = userlink.components().authenticator()
                .accessToken(java.util.Optional.of("Bearer " + created.string("access_token")));
        assertEquals(created.string("user_id"), token.subject());
        assertEquals("user", token.scope().value());
    }

    @Test
    void createUserWhenMovingToANewPhoneThenRestoredAndTheOldPhoneDeactivated() {
        // given: Alice's old phone, linked
        Reply oldPhone = api.register(app, "android", "phone");
        String userId = api.link(app, oldPhone.string("install_id"), "alice").string("id");
        Reply newPhone = api.register(app, "ios", "phone");

        // when
        Reply code = api.issueCode(app, "alice");
        assertEquals(userId, code.string("user_id"));
        Reply restored = api.createUser(newPhone.string("access_token"), code.string("authentication_code"));

        // then
        assertEquals(200, restored.status());
        assertEquals(userId, restored.string("user_id"));
        assertEquals(true, restored.body().get("restored"));
        assertEquals(true, restored.body().get("active"));
        Reply oldStatus = api.status(oldPhone.string("access_token"), oldPhone.string("install_id"));
        assertEquals(false, oldStatus.body().get("active"));
        assertEquals("REPLACED_BY_NEWER_INSTALL", oldStatus.string("inactive_reason"));
        assertEquals(true, familyRevoked(oldPhone.string("refresh_token")), "the old phone's refresh family is revoked");
        Map<String, Object> user = api.lookup(app, userId).body();
        assertEquals(Map.of(oldPhone.string("install_id"), "REPLACED_BY_NEWER_INSTALL",
                newPhone.string("install_id"), "active"), LinkingIT.activity(user));
        assertEquals(java.util.List.of("CREATED", "ACTIVATED", "RESTORED", "ACTIVATED", "DEACTIVATED"), events(user));
    }

    @Test
    void createUserWhenPhoneActiveAndTabletArrivesThenTabletLinkedInactiveWithoutUserTokens() {
        Reply phone = api.register(app, "android", "phone");
        String userId = api.link(app, phone.string("install_id"), "bob").string("id");
        Reply tablet = api.register(app, "android", "tablet");

        Reply onTablet = api.createUser(tablet.string("access_token"), api.issueCode(app, "bob").string("authentication_code"));

        assertEquals(200, onTablet.status());
        assertEquals(userId, onTablet.string("user_id"));
        assertEquals(false, onTablet.body().get("active"));
        assertEquals("PHONE_PREFERRED", onTablet.string("inactive_reason"));
        assertFalse(onTablet.body().containsKey("access_token"));
        assertFalse(onTablet.body().containsKey("refresh_token"));
        assertEquals(true, api.status(phone.string("access_token"), phone.string("install_id")).body().get("active"));
    }

    @Test
    void createUserWhenTabletActiveAndPhoneArrivesThenThePhoneWins() {
        Reply tablet = api.register(app, "ios", "tablet");
        api.link(app, tablet.string("install_id"), "carol");
        Reply phone = api.register(app, "ios", "phone");

        Reply onPhone = api.createUser(phone.string("access_token"), api.issueCode(app, "carol").string("authentication_code"));

        assertEquals(true, onPhone.body().get("active"));
        assertEquals("REPLACED_BY_NEWER_INSTALL",
                api.status(tablet.string("access_token"), tablet.string("install_id")).string("inactive_reason"));
    }

    @Test
    void createUserWhenCodeExpiredThenRejectedEvenThoughItsItemStillExists() {
        Reply install = api.register(app, "ios", "phone");
        String code = api.issueCode(app, "dave").string("authentication_code");
        userlink.clock().advance(Duration.ofMinutes(10));

        Reply refused = api.createUser(install.string("access_token"), code);

        assertEquals(400, refused.status());
        assertEquals("INVALID_AUTHENTICATION_CODE", refused.string("code"));
    }

    @Test
    void createUserWhenCodeInvalidUsedOrOtherAppsThenTheSame400() {
        Reply install = api.register(app, "ios", "phone");
        TestApp other = userlink.createApp();
        String othersCode = api.issueCode(other, "erin").string("authentication_code");
        String used = api.issueCode(app, "erin").string("authentication_code");
        api.createUser(api.register(app, "ios", "phone").string("access_token"), used);
        userlink.clock().advance(Duration.ofSeconds(61));

        for (String code : new String[] {"nonsense", "ulc_", othersCode, used, Tampered.lastCharacter(used)}) {
            Reply refused = api.createUser(install.string("access_token"), code);
            assertEquals(400, refused.status(), code);
            assertEquals("INVALID_AUTHENTICATION_CODE", refused.string("code"));
            assertEquals("The authentication code is invalid, expired or already used; ask your backend for a new one.",
                    refused.string("detail"));
        }
    }

    @Test
    void createUserWhenSecondInstallRedeemsTheCodeThenRefusedAndTheFirstRedemptionsTokensRevoked() {
        Reply first = api.register(app, "ios", "phone");
        Reply second = api.register(app, "ios", "phone");
        String code = api.issueCode(app, "frank").string("authentication_code");
        Reply firstRedemption = api.createUser(first.string("access_token"), code);
        assertFalse(familyRevoked(firstRedemption.string("refresh_token")));

        Reply secondRedemption = api.createUser(second.string("access_token"), code);

        assertEquals(400, secondRedemption.status());
        assertTrue(familyRevoked(firstRedemption.string("refresh_token")), "RFC 6749 4.1.2: what the code issued is revoked");
    }

    @Test
    void createUserWhenSameInstallRetriesWithin60SecondsThenItsOriginalResult() {
        Reply install = api.register(app, "ios", "phone");
        String code = api.issueCode(app, "gina").string("authentication_code");
        Reply original = api.createUser(install.string("access_token"), code);
        userlink.clock().advance(Duration.ofSeconds(59));

        Reply retried = api.createUser(install.string("access_token"), code);

        assertEquals(original.status(), retried.status());
        assertEquals(original.string("user_id"), retried.string("user_id"));
        assertEquals(original.body().get("restored"), retried.body().get("restored"));
        assertEquals(original.string("refresh_token"), retried.string("refresh_token"));
        assertFalse(familyRevoked(original.string("refresh_token")));

        userlink.clock().advance(Duration.ofSeconds(2));
        assertEquals(400, api.createUser(install.string("access_token"), code).status());
        assertTrue(familyRevoked(original.string("refresh_token")), "a late retry counts as a second use");
    }

    @Test
    void createUserWhenCalledWithAUserTokenThen403AndWithAnApiKeyThen401() {
        Reply install = api.register(app, "ios", "phone");
        Reply created = api.createUser(install.string("access_token"), api.issueCode(app, "hal").string("authentication_code"));

        Reply withUserToken = api.createUser(created.string("access_token"), api.issueCode(app, "hal").string("authentication_code"));
        Reply withApiKey = api.createUser(app.apiKey(), api.issueCode(app, "hal").string("authentication_code"));

        assertEquals(403, withUserToken.status());
        assertEquals(401, withApiKey.status());
    }

    @Test
    void issueCodeWhenSettingsSayFiveMinutesThenExpiresAtInFiveMinutes() {
        Reply code = api.issueCode(app, "ivan");

        assertEquals(userlink.clock().instant().plus(Duration.ofMinutes(10)).toString(), code.string("expires_at"));
        Map<String, AttributeValue> item = codeItem(code.string("authentication_code"));
        assertEquals(String.valueOf(userlink.clock().instant().plus(Duration.ofMinutes(10)).getEpochSecond()),
                item.get("expires_at").n(), "TTL attribute in epoch seconds");
        assertFalse(item.values().stream().anyMatch(v -> code.string("authentication_code").equals(v.s())),
                "only the hash is stored");
    }

    private boolean familyRevoked(String refreshToken) {
        String familyId = io.userlink.refresh.RefreshTokens.familyIdOf(refreshToken).orElseThrow();
        Map<String, AttributeValue> item = userlink.dynamoDb().getItem(r -> r.tableName("userlink").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("FAMILY#" + familyId), "sk", AttributeValue.fromS("FAMILY")))).item();
        return Boolean.TRUE.equals(item.get("revoked").bool());
    }

    private Map<String, AttributeValue> codeItem(String code) {
        String hash = io.userlink.credential.Sha256.hex(code);
        return userlink.dynamoDb().getItem(r -> r.tableName("userlink").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("CODE#" + hash), "sk", AttributeValue.fromS("CODE")))).item();
    }

    static java.util.List<String> events(Map<String, Object> user) {
        return ((java.util.List<?>) user.get("history")).stream().map(e -> (String) ((Map<?, ?>) e).get("event")).toList();
    }
}
