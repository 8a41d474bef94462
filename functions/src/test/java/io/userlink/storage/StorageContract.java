package io.userlink.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.AccountMail;
import io.userlink.app.App;
import io.userlink.app.AppCredentials;
import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.AppCredentials.AppSecretRecord;
import io.userlink.app.AppSettings;
import io.userlink.app.DevicePolicy;
import io.userlink.app.MailTemplates;
import io.userlink.app.RegistrationMode;
import io.userlink.app.Scope;
import io.userlink.install.DeviceClass;
import io.userlink.install.Install;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.password.PasswordPolicy;
import io.userlink.refresh.RefreshFamily;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.support.TestUserlink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the stores and secrets must do, whatever serves DynamoDB and Secrets Manager: run against DynamoDB
 * Local with the local Secrets Manager endpoint, and against LocalStack when Docker is present.
 */
public abstract class StorageContract {

    protected abstract TestUserlink userlink();

    @Test
    void appStoreWhenCreatedThenFoundWithItsSettings() {
        App app = newApp();

        userlink().components().apps().create(app);

        assertEquals(Optional.of(app), userlink().components().apps().find(app.appId()));
        assertEquals(Optional.empty(), userlink().components().apps().find("app-neverexisted000"));
    }

    @Test
    void appStoreWhenCreatedTwiceThenRefused() {
        App app = newApp();
        userlink().components().apps().create(app);

        assertThrows(IllegalStateException.class, () -> userlink().components().apps().create(app));
    }

    @Test
    void advanceCredentialsVersionWhenExpectedVersionStaleThenRefused() {
        App app = newApp();
        userlink().components().apps().create(app);

        assertTrue(userlink().components().apps().advanceCredentialsVersion(app.appId(), 1));
        assertFalse(userlink().components().apps().advanceCredentialsVersion(app.appId(), 1));
        assertEquals(2, userlink().components().apps().find(app.appId()).orElseThrow().credentialsVersion());
    }

    @Test
    void appSettingsWhenReplacedThenUnderTheirVersionAndTheCredentialsVersionStays() {
        App app = newApp();
        userlink().components().apps().create(app);
        App changed = app.withSettings(app.settings().withDevicePolicy(DevicePolicy.NEWEST_WINS).withSdkConfig("{\"a\":[1,2]}"));

        assertTrue(userlink().components().apps().replaceSettings(changed));
        assertFalse(userlink().components().apps().replaceSettings(changed), "the version moved on");
        assertTrue(userlink().components().apps().advanceCredentialsVersion(app.appId(), 1));
        assertEquals(changed.withNextCredentialsVersion(), userlink().components().apps().find(app.appId()).orElseThrow());
        assertTrue(userlink().components().apps().list().stream().anyMatch(listed -> listed.appId().equals(app.appId())),
                "listed by a query of the apps partition");
    }

    @Test
    void appCredentialsWhenSavedThenLoadedAndWhenAbsentThenEmpty() {
        String appId = userlink().components().ids().appId();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        AppCredentials credentials = new AppCredentials(3,
                List.of(new AppSecretRecord("s1", "a".repeat(64), now)),
                Map.of("k1", new ApiKeyRecord("k1", "backend", "b".repeat(64), Set.of(Scope.USER_LINK, Scope.USER_READ),
                        now, now.plusSeconds(60), true)));

        assertEquals(AppCredentials.empty(), userlink().components().appCredentials().load(appId));
        userlink().components().appCredentials().save(appId, credentials);
        assertEquals(credentials, userlink().components().appCredentials().load(appId));
        AppCredentials changed = new AppCredentials(4, credentials.appSecrets(), Map.of());
        userlink().components().appCredentials().save(appId, changed);
        assertEquals(changed, userlink().components().appCredentials().load(appId));
    }

    @Test
    void installStoreWhenCreatedThenFoundWithItsFamilyStoredBeside() {
        Instant now = Instant.ofEpochSecond(userlink().clock().instant().getEpochSecond());
        DynamoDbInstallStore installs = new DynamoDbInstallStore(userlink().dynamoDb(),
                userlink().components().settings().tableName());
        String installId = userlink().components().ids().installId();
        RefreshFamily family = userlink().components().refreshService().start(newApp(), installId, Optional.empty());
        Install install = Install.registered(installId, "app-x",
                new Registration(Platform.IOS, DeviceClass.TABLET, "3.1", Optional.empty()), now,
                now.plus(Duration.ofDays(30)), family.familyId());

        installs.create(install, family);

        assertEquals(Optional.of(install), new DynamoDbIdentityStore(userlink().dynamoDb(),
                userlink().components().settings().tableName(), userlink().clock()).findInstall(install.installId()));
        assertThrows(IllegalStateException.class, () -> installs.create(install, family));
    }

    @Test
    void keyRingWhenReadThenParsesTheSecret() {
        var ring = userlink().components().keyRing().keyRing();

        assertTrue(ring.current().isPrivate());
        assertTrue(ring.publicKeys().verificationKey(ring.next().getKeyID()).isPresent());
    }

    private App newApp() {
        return new App(userlink().components().ids().appId(), "contract", 1, 0,
                new AppSettings(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(90),
                        "{\"flag\":true}", DevicePolicy.MANY_ACTIVE, PasswordPolicy.LEGACY, 12,
                        new AccountMail(RegistrationMode.ACTIVATION_REQUIRED, "https://app.example.com/confirm?t={token}",
                                "myapp://reset/{token}", new MailTemplates(
                                        "{\"password_changed\":{\"subject\":\"Changed: {attributes.name}\"}}"))),
                Instant.ofEpochSecond(1_800_000_000L));
    }
}
