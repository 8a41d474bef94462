package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.userlink.app.Scope;
import io.userlink.auth.Authenticator;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RehearsalTest {

    static final Settings SETTINGS = new Settings("table", "key-ring", "public-keys", "apps/", URI.create("https://issuer.test"),
            Duration.ofSeconds(60), Duration.ofSeconds(300));

    @Test
    void holdsAnAppWhoseCredentialsAuthenticateAndInstallsWhoseTokensVerify() {
        Rehearsal rehearsal = Rehearsal.of(SETTINGS);
        Authenticator authenticator = rehearsal.components().authenticator();
        String appId = rehearsal.app().appId();

        assertEquals(appId, authenticator.appSecret(Optional.of(rehearsal.appSecretAuthorization())).appId());
        assertEquals(appId, authenticator.apiKey(Optional.of(rehearsal.apiKeyAuthorization()), Scope.USER_DELETE)
                .app().appId());
        assertEquals(rehearsal.install().install().installId(), authenticator.accessToken(
                Optional.of("Bearer " + rehearsal.install().tokens().accessToken().value())).installId());
        String accountSubject = authenticator.sdk(Optional.of("Bearer " + rehearsal.account().tokens().accessToken().value()))
                .token().subject();
        assertEquals(rehearsal.account().userId(), accountSubject);
    }
}
