package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The token endpoint as a standard OAuth 2.0 client sees it: the Nimbus OAuth 2.0 SDK (an independent,
 * widely used client library) discovers the endpoint from the issuer's OpenID configuration, refreshes with
 * the refresh_token grant, and reads a refused refresh as RFC 6749 §5.2 says, which it can only do when the
 * error is {@code application/json}.
 */
@ExtendWith(SharedServe.class)
class OAuthClientIT {

    private static ServeProcess serve;
    private static URI api;
    private static JsonNode demo;

    @BeforeAll
    static void start(ServeProcess.Served served) throws Exception {
        serve = served.process();
        api = served.url();
        demo = served.credentials();
    }

    @Test
    void refreshGrantWhenDiscoveredFromTheIssuerThenANewPairAndTheSpentTokenGetsInvalidGrant() throws Exception {
        // given: the issuer alone, as a client is configured
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(api.toString()));
        String refreshToken = Http.json(Http.send("POST", api.resolve("/v1/installs"),
                Http.basic(demo.get("app_id").asText(), demo.get("app_secret").asText()), "application/json",
                "{\"platform\": \"ios\", \"device_class\": \"phone\", \"sdk_version\": \"1.0.0\"}")).get("refresh_token").asText();

        // when
        TokenResponse refreshed = refresh(metadata, refreshToken);
        TokenResponse reused = refresh(metadata, "ulr_madeup_0_" + "A".repeat(43));

        // then
        assertTrue(refreshed.indicatesSuccess(), () -> refreshed.toErrorResponse().getErrorObject().toString());
        AccessTokenResponse tokens = refreshed.toSuccessResponse();
        assertEquals("Bearer", tokens.getTokens().getAccessToken().getType().getValue());
        assertNotEquals(refreshToken, tokens.getTokens().getRefreshToken().getValue());
        TokenErrorResponse refused = reused.toErrorResponse();
        assertEquals("invalid_grant", refused.getErrorObject().getCode());
        assertEquals(400, refused.getErrorObject().getHTTPStatusCode());
    }

    private static TokenResponse refresh(OIDCProviderMetadata metadata, String refreshToken) throws Exception {
        TokenRequest request = new TokenRequest(metadata.getTokenEndpointURI(), new ClientID(demo.get("app_id").asText()),
                new RefreshTokenGrant(new RefreshToken(refreshToken)));
        return TokenResponse.parse(request.toHTTPRequest().send());
    }
}
