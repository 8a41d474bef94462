package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.userlink.client.ApiClient;
import io.userlink.client.ApiException;
import io.userlink.client.api.BackendApi;
import io.userlink.client.api.DiscoveryApi;
import io.userlink.client.api.SdkApi;
import io.userlink.client.model.InactiveReason;
import io.userlink.client.model.InstallStatus;
import io.userlink.client.model.IssueAuthenticationCodeRequest;
import io.userlink.client.model.LinkInstallRequest;
import io.userlink.client.model.RedeemAuthenticationCodeRequest;
import io.userlink.client.model.RedeemedUser;
import io.userlink.client.model.RegisterInstallRequest;
import io.userlink.client.model.RegisterInstallRequest.DeviceClassEnum;
import io.userlink.client.model.RegisterInstallRequest.PlatformEnum;
import io.userlink.client.model.RegisteredInstall;
import io.userlink.client.model.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's identity story, driven by a Java client generated from openapi.yaml at build time
 * (infra/api-client) against serve: the description is accurate enough to build a working client from.
 */
@ExtendWith(SharedServe.class)
class GeneratedClientIT {

    private static ServeProcess serve;
    private static JsonNode demo;
    private static SdkApi sdk;
    private static BackendApi backend;
    private static DiscoveryApi discovery;

    @BeforeAll
    static void start(ServeProcess.Served served) throws Exception {
        serve = served.process();
        demo = served.credentials();
        ApiClient client = new ApiClient();
        client.updateBaseUri(served.url().toString());
        sdk = new SdkApi(client);
        backend = new BackendApi(client);
        discovery = new DiscoveryApi(client);
    }

    @Test
    void identityStoryWhenDrivenByTheGeneratedClientThenEveryStepAnswersAsDescribed() throws Exception {
        Map<String, String> apiKey = bearer(demo.get("api_key").asText());

        // Chloe's phone registers; her backend links it.
        RegisteredInstall phone = register(PlatformEnum.ANDROID, DeviceClassEnum.PHONE);
        assertTrue(backend.linkInstall(phone.getInstallId(), new LinkInstallRequest().id("chloe@example.com"), apiKey).getActive());
        assertEquals("user", sdk.refreshTokens("refresh_token", phone.getRefreshToken()).getScope().getValue());

        // A new phone restores her with a code; the old phone is replaced.
        RegisteredInstall newPhone = register(PlatformEnum.IOS, DeviceClassEnum.PHONE);
        RedeemedUser restored = redeem(newPhone, "chloe@example.com");
        assertTrue(restored.getRestored() && restored.getActive());
        assertNotNull(restored.getAccessToken());
        InstallStatus old = sdk.getInstallStatus(phone.getInstallId(), bearer(phone.getAccessToken()));
        assertEquals(InactiveReason.REPLACED_BY_NEWER_INSTALL, old.getInactiveReason());

        // The family tablet stays inactive while a phone is active, and gets no tokens.
        RedeemedUser tablet = redeem(register(PlatformEnum.ANDROID, DeviceClassEnum.TABLET), "chloe@example.com");
        assertEquals(InactiveReason.PHONE_PREFERRED, tablet.getInactiveReason());
        assertNull(tablet.getAccessToken());

        // The new phone is handed on: reset, then Dan is created on it.
        String fresh = sdk.resetInstall(newPhone.getInstallId(), bearer(restored.getAccessToken())).getAccessToken();
        RedeemedUser dan = sdk.redeemAuthenticationCode(new RedeemAuthenticationCodeRequest()
                .authenticationCode(code("dan@example.com")), bearer(fresh));
        assertEquals("dan@example.com", dan.getExternalId());

        // The backend reads Chloe, then deletes her.
        UserRecord chloe = backend.findUserByExternalId("chloe@example.com", null, null, null, apiKey);
        assertEquals(2, chloe.getInstalls().size(), "the old phone and the tablet; the reset phone left her");
        assertNull(chloe.getHistoryBefore());
        UserRecord newest = backend.getUser(chloe.getUserId(), 1, null, apiKey);
        assertEquals(chloe.getHistory().subList(chloe.getHistory().size() - 1, chloe.getHistory().size()), newest.getHistory());
        assertEquals(chloe.getHistory().subList(0, chloe.getHistory().size() - 1),
                backend.getUser(chloe.getUserId(), null, newest.getHistoryBefore(), apiKey).getHistory());
        backend.deleteUser(chloe.getUserId(), apiKey);
        ApiException gone = assertThrows(ApiException.class, () -> backend.getUser(chloe.getUserId(), null, null, apiKey));
        assertEquals(404, gone.getCode());

        // Anyone verifies tokens from the discovery document and the JWKS.
        String signedBy = Http.json(new String(Base64.getUrlDecoder().decode(fresh.substring(0, fresh.indexOf('.'))),
                StandardCharsets.UTF_8)).get("kid").asText();
        assertTrue(discovery.getJwks().getKeys().stream().anyMatch(key -> signedBy.equals(key.getKid())), signedBy);
        assertTrue(discovery.getOpenIdConfiguration().getJwksUri().toString().endsWith("/.well-known/jwks.json"));
    }

    private static RegisteredInstall register(PlatformEnum platform, DeviceClassEnum deviceClass) throws ApiException {
        return sdk.registerInstall(new RegisterInstallRequest().platform(platform).deviceClass(deviceClass).sdkVersion("1.0.0"),
                Map.of("Authorization", Http.basic(demo.get("app_id").asText(), demo.get("app_secret").asText())));
    }

    private static RedeemedUser redeem(RegisteredInstall install, String externalId) throws ApiException {
        return sdk.redeemAuthenticationCode(new RedeemAuthenticationCodeRequest().authenticationCode(code(externalId)),
                bearer(install.getAccessToken()));
    }

    private static String code(String externalId) throws ApiException {
        return backend.issueAuthenticationCode(new IssueAuthenticationCodeRequest().externalId(externalId),
                bearer(demo.get("api_key").asText())).getAuthenticationCode();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
