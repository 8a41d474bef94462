package io.userlink.bench;

import io.userlink.account.AccountService.LoggedIn;
import io.userlink.account.AccountStore;
import io.userlink.app.AccountMail;
import io.userlink.app.App;
import io.userlink.app.AppAdministration;
import io.userlink.app.AppAdministration.CreatedApp;
import io.userlink.app.AppSettings;
import io.userlink.app.Scope;
import io.userlink.config.Components;
import io.userlink.config.Settings;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.json.Json;
import io.userlink.local.EventPlaceholders;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalDeployment;
import io.userlink.mail.MailTokens;
import io.userlink.refresh.RefreshTokens;
import io.userlink.refresh.TokenPair;
import io.userlink.storage.dynamodb.DynamoDbAccountStore;
import io.userlink.token.KeyRing;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What both benchmarks measure against: a key ring, an app with its secret and an API key with every scope,
 * and the means to prepare each run's data (installs, users, codes) and its event from the {@code events/}
 * files, through Userlink's own services.
 */
final class BenchWorld {

    private final Path project;
    private final Settings settings;
    private final KeyRing keyRing;
    private final Components preparation;
    private final SecretsManagerClient secrets;
    private final App app;
    private final String appSecret;
    private final String apiKey;
    private final AccountStore accounts;
    private final MailTokens mailTokens;
    private final OutboxStream outbox;
    private String signInAccount;

    private BenchWorld(Path project, Settings settings, KeyRing keyRing, Components preparation, SecretsManagerClient secrets,
                       AccountStore accounts, CreatedApp created, String apiKey, OutboxStream outbox) {
        this.project = project;
        this.settings = settings;
        this.keyRing = keyRing;
        this.preparation = preparation;
        this.secrets = secrets;
        this.app = created.app();
        this.appSecret = created.appSecret();
        this.apiKey = apiKey;
        this.accounts = accounts;
        this.mailTokens = new MailTokens(preparation.keyRing(), preparation.ids());
        this.outbox = outbox;
    }

    /**
     * The deployment's settings, as the template gives them to the functions: the stack's table, key ring and
     * public keys (by ARN) and app credential prefix, so each function's own role may read them.
     */
    static Settings settings(StandIns.Running aws) {
        return new Settings(LocalAws.TABLE_NAME, aws.keyRingArn(), aws.publicKeysArn(), LocalDeployment.STACK_NAME + "/apps/",
                URI.create("https://bench.userlink.test"), Duration.ofSeconds(60), Duration.ofSeconds(300));
    }

    /**
     * Writes a key ring and its public keys over the fresh stack's placeholders, and an app; every preparation goes through
     * {@code dynamoDb} and {@code secrets} (the harness's).
     *
     * @param outbox an interceptor of {@code dynamoDb}: the outbox items the preparation puts
     */
    static BenchWorld seed(Path project, Settings settings, DynamoDbClient dynamoDb, SecretsManagerClient secrets,
                           OutboxStream outbox) {
        KeyRing ring = KeyRing.generate(new SecureRandom());
        secrets.putSecretValue(r -> r.secretId(settings.keyRingSecretId()).secretString(Json.write(ring.toSecretJson())));
        secrets.putSecretValue(r -> r.secretId(settings.publicKeysSecretId()).secretString(Json.write(ring.publicKeys().toJwks())));
        Components preparation = components(settings, dynamoDb, secrets);
        AppAdministration administration = new AppAdministration(preparation.apps(), preparation.appCredentials(),
                preparation.ids(), InstantSource.system());
        // Registration stays automatic; the links let the account mail functions take their success paths.
        CreatedApp created = administration.createApp("bench", AppSettings.defaults().withAccountMail(AccountMail.defaults()
                .withConfirmationLink("userlink-bench://confirm?token={token}")
                .withPasswordResetLink("userlink-bench://reset-password?token={token}")));
        String apiKey = administration.createApiKey(created.app().appId(), "bench", Set.of(Scope.values()), null);
        return new BenchWorld(project, settings, ring, preparation, secrets,
                new DynamoDbAccountStore(dynamoDb, settings.tableName()), created, apiKey, outbox);
    }

    /** Userlink's components over these clients, with these settings. */
    static Components components(Settings settings, DynamoDbClient dynamoDb, SecretsManagerClient secrets) {
        return Components.create(settings, dynamoDb, secrets, InstantSource.system(), new SecureRandom());
    }

    Settings settings() {
        return settings;
    }

    /**
     * Stages a new version of the key ring as RotateSecret does before it invokes the rotation function's first step
     * (the stand-ins' rotation function runs no step: the benchmark hands it one), and returns the version's token. The
     * rotation staged for the run before, which never finished, is cancelled first, as a person would, since Secrets
     * Manager starts no rotation while another is unfinished.
     */
    String stageKeyRingRotation() {
        String keyRingId = settings.keyRingSecretId();
        secrets.describeSecret(r -> r.secretId(keyRingId)).versionIdsToStages().forEach((version, stages) -> {
            if (stages.contains("AWSPENDING") && !stages.contains("AWSCURRENT")) {
                secrets.updateSecretVersionStage(r -> r.secretId(keyRingId).versionStage("AWSPENDING")
                        .removeFromVersionId(version));
            }
        });
        return secrets.rotateSecret(r -> r.secretId(keyRingId)).versionId();
    }

    static String newExternalId() {
        return "bench-" + UUID.randomUUID();
    }

    App app() {
        return app;
    }

    KeyRing keyRing() {
        return keyRing;
    }

    Components preparation() {
        return preparation;
    }

    AnonymousInstall register() {
        return preparation.installService().register(app,
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.of("Pixel 9")));
    }

    /** Links the install to the external id's user; the user's id. */
    String link(AnonymousInstall install, String externalId) {
        return preparation.linkService().link(app, install.install().installId(), externalId).userId().orElseThrow();
    }

    /** Links the install to a new user; the user's id. */
    String linkToNewUser(AnonymousInstall install) {
        return link(install, newExternalId());
    }

    /**
     * A user linked to a new install and deleted, the request finishing its own work (what the deletion finisher
     * usually meets), with the stream event that hands the finisher the record of that deletion.
     */
    DeletedUser deletedUser() {
        String userId = linkToNewUser(register());
        preparation.userDeletion().delete(app, userId);
        return new DeletedUser(userId, outbox.insertEvent(Map.of("pk", AttributeValue.fromS("USER#" + userId),
                "sk", AttributeValue.fromS("DELETION")), settings.tableName()));
    }

    record DeletedUser(String userId, String event) {}

    /** A new authentication code for the external id. */
    String code(String externalId) {
        return preparation.authCodeService().issue(app, externalId).code();
    }

    /**
     * The {@code events/} file with its placeholders standing for this world's app, the install (also where an
     * event wants an anonymous install: registration, sign-in) and the user.
     */
    String event(String file, AnonymousInstall install, String userId) throws IOException {
        return event(file, install, userId, "unused");
    }

    /** As {@link #event(String, AnonymousInstall, String)}, with an authentication code. */
    String event(String file, AnonymousInstall install, String userId, String code) throws IOException {
        return event(file, install, userId, code, () -> {
            throw new IllegalStateException("this event names no account's user token");
        });
    }

    /** As {@link #event(String, AnonymousInstall, String)}, for an event presented with an account's user token. */
    String event(String file, SignedIn account) throws IOException {
        return event(file, account.install(), account.userId(), "unused", account::userToken)
                .replace(EventPlaceholders.ACCOUNT_EMAIL, account.email());
    }

    private String event(String file, AnonymousInstall install, String userId, String code,
                         Supplier<String> accountUserToken) throws IOException {
        return EventPlaceholders.substitute(Files.readString(project.resolve("events").resolve(file)),
                new EventPlaceholders.Values(app.appId(), appSecret, apiKey, install.tokens().accessToken().value(),
                        install.tokens().refreshToken(), install.install().installId(), userId, () -> code,
                        () -> install.tokens().accessToken().value(), accountUserToken));
    }

    /**
     * A new account, registered on a new install: its address, its user, the user's access token there and the
     * session (refresh family) that token names.
     */
    record SignedIn(AnonymousInstall install, String email, String userId, String userToken, String familyId) {}

    /** Registers a new account with the events' password ({@link EventPlaceholders#ACCOUNT_PASSWORD}), signed in. */
    SignedIn newAccount() {
        String email = newExternalId() + "@example.com";
        AnonymousInstall install = register();
        LoggedIn login = (LoggedIn) preparation.accountService().register(app, preparation.authenticator()
                .sdk(Optional.of("Bearer " + install.tokens().accessToken().value())).token(), email,
                EventPlaceholders.ACCOUNT_PASSWORD, Map.of(), Map.of());
        TokenPair tokens = login.tokens().orElseThrow();
        return new SignedIn(install, email, login.user().userId(), tokens.accessToken().value(),
                RefreshTokens.familyIdOf(tokens.refreshToken()).orElseThrow());
    }

    /** A link's token as mailed, and the id of its item in the table. */
    record MailedToken(String tokenId, String token) {}

    /** The token of a new confirmation link mailed to the account (as a resend mails it). */
    MailedToken confirmationToken(SignedIn account) {
        preparation.accountEmails().resendConfirmation(app, account.email());
        return mailed(accounts.find(account.userId()).orElseThrow().verificationTokenId().orElseThrow());
    }

    /** The token of a new password-reset link mailed to the account. */
    MailedToken passwordResetToken(SignedIn account) {
        preparation.accountEmails().requestPasswordReset(app, account.email());
        return mailed(accounts.find(account.userId()).orElseThrow().resetTokenId().orElseThrow());
    }

    /** A new account, and the confirmation mail a resend put in the outbox for it. */
    record QueuedMail(SignedIn account, OutboxStream.StreamedMail mail) {}

    QueuedMail newAccountMail() {
        SignedIn account = newAccount();
        preparation.accountEmails().resendConfirmation(app, account.email());
        return new QueuedMail(account, outbox.newestMail(settings.tableName()));
    }

    private MailedToken mailed(String tokenId) {
        return new MailedToken(tokenId, mailTokens.token(tokenId));
    }

    /**
     * The address of an account that sign-in runs sign in to, each on a new install, with the password of the
     * events ({@link EventPlaceholders#ACCOUNT_PASSWORD}); registered on first use.
     */
    synchronized String signInAccount() {
        if (signInAccount == null) {
            String email = newExternalId() + "@example.com";
            AnonymousInstall install = register();
            preparation.accountService().register(app, preparation.authenticator()
                    .sdk(Optional.of("Bearer " + install.tokens().accessToken().value())).token(), email,
                    EventPlaceholders.ACCOUNT_PASSWORD, Map.of(), Map.of());
            signInAccount = email;
        }
        return signInAccount;
    }
}
