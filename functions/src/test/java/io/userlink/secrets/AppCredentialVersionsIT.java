package io.userlink.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.app.AppAdministration;
import io.userlink.app.Scope;
import io.userlink.support.TestUserlink;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * Secrets Manager keeps every version of an app's secret from the last 24 hours, at most 100: through the local
 * Secrets Manager, which keeps that quota, the change that would need a 101st is refused before anything is written
 * (README, "Credentials and keys").
 */
class AppCredentialVersionsIT {

    private final TestUserlink userlink = TestUserlink.local();
    private final AppAdministration administration = userlink.administration();
    private final SecretsManagerClient secretsManager = userlink.secretsManager();

    @Test
    void createApiKeyWhenTheSecretHoldsAHundredVersionsOfTheDayThenRefusedSayingFromWhenAndNothingIsWritten() {
        // given: an app whose secret was written 99 times today (its creation, its first key, 97 rewrites of its value)
        String appId = userlink.createApp().appId();
        String secret = secretsManager.listSecrets().secretList().stream().map(entry -> entry.name())
                .filter(name -> name.endsWith("/apps/" + appId)).findFirst().orElseThrow();
        String value = secretsManager.getSecretValue(r -> r.secretId(secret)).secretString();
        for (int i = 0; i < 97; i++) {
            secretsManager.putSecretValue(r -> r.secretId(secret).clientRequestToken(UUID.randomUUID().toString())
                    .secretString(value));
        }
        administration.createApiKey(appId, "the 100th version", Set.of(Scope.USER_READ), null);
        long credentialsVersion = administration.app(appId).orElseThrow().credentialsVersion();
        Instant oldestUnlabelled = secretsManager.listSecretVersionIds(r -> r.secretId(secret).includeDeprecated(true))
                .versions().stream().filter(version -> !version.hasVersionStages() || version.versionStages().isEmpty())
                .map(SecretVersionsListEntry::createdDate).min(Comparator.naturalOrder()).orElseThrow();

        // when
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> administration.createApiKey(appId, "the 101st", Set.of(Scope.USER_READ), null));

        // then
        assertEquals("app " + appId + "'s credentials changed 100 times within a day, the most Secrets Manager keeps of a"
                + " secret: nothing was changed; the next change can be made from " + oldestUnlabelled.plus(Duration.ofHours(24)),
                refused.getMessage());
        assertEquals(credentialsVersion, administration.app(appId).orElseThrow().credentialsVersion(),
                "the version is not raised, so no function reads the secret on every request");
        assertEquals(2, administration.apiKeys(appId).size());
    }
}
