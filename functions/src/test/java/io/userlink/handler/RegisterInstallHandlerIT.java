package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.refresh.RefreshTokens;
import io.userlink.support.ApiContract;
import io.userlink.support.Events;
import io.userlink.support.TestUserlink.TestApp;
import io.userlink.support.TestUserlink;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

class RegisterInstallHandlerIT {

    private TestUserlink userlink;
    private TestApp app;
    private RegisterInstallHandler handler;

    @BeforeEach
    void setUp() {
        userlink = TestUserlink.local();
        app = userlink.createApp();
        handler = new RegisterInstallHandler(userlink.components());
    }

    @Test
    void registerWhenAppSecretValidThenCreatesInstallAndReturnsInstallTokenPair() {
        // when
        APIGatewayV2HTTPResponse response = ApiContract.invoke(handler, event());

        // then
        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        Map<String, Object> body = Events.body(response);
        String installId = (String) body.get("install_id");
        assertTrue(installId.startsWith("ins-"), installId);
        assertEquals("Bearer", body.get("token_type"));
        assertEquals(3600, ((Number) body.get("expires_in")).intValue());

        AccessToken token = userlink.verified((String) body.get("access_token"));
        assertEquals(app.appId(), token.appId());
        assertEquals(installId, token.subject());
        assertEquals(installId, token.installId());
        assertEquals(TokenScope.INSTALL, token.scope());

        Map<String, AttributeValue> stored = item("INSTALL#" + installId, "INSTALL");
        assertEquals("ANDROID", stored.get("platform").s());
        assertEquals("PHONE", stored.get("device_class").s());
        assertEquals("Pixel 9", stored.get("device_model").s());
        long ttl = Long.parseLong(stored.get("expires_at").n());
        assertEquals(userlink.clock().instant().plus(Duration.ofDays(30)).getEpochSecond(), ttl);
    }

    @Test
    void registerWhenSucceededThenStoresOnlyTheHashOfTheRefreshToken() {
        // when
        Map<String, Object> body = Events.body(ApiContract.invoke(handler, event()));

        // then
        String refreshToken = (String) body.get("refresh_token");
        String familyId = RefreshTokens.familyIdOf(refreshToken).orElseThrow();
        Map<String, AttributeValue> family = item("FAMILY#" + familyId, "FAMILY");
        assertEquals(RefreshTokens.hash(refreshToken), family.get("current_hash").s());
        assertEquals("0", family.get("generation").n());
        assertEquals(body.get("install_id"), family.get("install_id").s());
        assertFalse(family.values().stream().anyMatch(v -> refreshToken.equals(v.s())), "token stored in clear");
    }

    @Test
    void registerWhenBodyNamesOtherIdsThenIgnoresThem() {
        // given: checklist 14, ids in a body are never trusted
        APIGatewayV2HTTPEvent event = Events.withBody(event(), """
                {"platform": "ios", "device_class": "tablet", "sdk_version": "2.0",
                 "install_id": "ins-chosenbyattacker", "app_id": "app-other", "user_id": "usr-x", "scope": "user"}""");

        // when
        Map<String, Object> body = Events.body(ApiContract.invoke(handler, event));

        // then
        assertTrue(((String) body.get("install_id")).startsWith("ins-"));
        AccessToken token = userlink.verified((String) body.get("access_token"));
        assertEquals(app.appId(), token.appId());
        assertEquals(TokenScope.INSTALL, token.scope());
        assertFalse(body.get("install_id").equals("ins-chosenbyattacker"));
    }

    @Test
    void registerWhenBodyIsBase64EncodedThenDecodesIt() {
        // given
        APIGatewayV2HTTPEvent event = event();
        event.setBody(Base64.getEncoder().encodeToString(event.getBody().getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        // when / then
        assertEquals(201, ApiContract.invoke(handler, event).getStatusCode());
    }

    @Test
    void registerWhenDynamoDbThrottlesThenAnswers503WithRetryAfter() {
        // given
        userlink.dynamoDbCalls().failNext("TransactWriteItems", 1,
                () -> ThrottlingException.builder().message("Rate exceeded").build());

        // when
        APIGatewayV2HTTPResponse response = ApiContract.invoke(handler, event());

        // then
        assertEquals(503, response.getStatusCode());
        assertEquals("1", response.getHeaders().get("Retry-After"));
        assertEquals("TEMPORARILY_UNAVAILABLE", Events.body(response).get("code"));
    }

    private APIGatewayV2HTTPEvent event() {
        return Events.withBasicAuth(Events.load("register-install.json"), app.appId(), app.appSecret());
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        return userlink.dynamoDb().getItem(r -> r.tableName("userlink").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }
}
