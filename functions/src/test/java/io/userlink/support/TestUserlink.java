package io.userlink.support;

import io.userlink.app.App;
import io.userlink.app.AppAdministration;
import io.userlink.app.AppAdministration.CreatedApp;
import io.userlink.app.AppSettings;
import io.userlink.app.RegistrationMode;
import io.userlink.app.Scope;
import io.userlink.audit.SecurityEvent;
import io.userlink.config.Components;
import io.userlink.config.Settings;
import io.userlink.identity.Timebox;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.json.Json;
import io.userlink.local.LocalAws;
import io.userlink.local.iam.AccessKey;
import io.userlink.mail.OutboxMail;
import io.userlink.mail.UnsentMails;
import io.userlink.password.PasswordHasher;
import io.userlink.storage.dynamodb.DynamoDbOutbox;
import io.userlink.token.AccessToken;
import io.userlink.token.KeyRing;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A Userlink wired against AWS stand-ins, as a deployment is: its own key ring secret, app credential
 * prefix and clock, over a shared table. {@link CallRecorder}s see every DynamoDB and Secrets Manager call.
 */
public final class TestUserlink {

    public static final URI ISSUER = URI.create("https://userlink.test");
    public static final Duration CREDENTIALS_CACHE = Duration.ofSeconds(60);
    /** How long each AWS call takes in {@link #awsTime()}: a deployment's order of magnitude. */
    public static final Duration AWS_CALL_LATENCY = Duration.ofMillis(8);

    /** An app with its app secret and one API key holding every scope. */
    public record TestApp(String appId, String appSecret, String apiKey) {}

    private final MutableClock clock = MutableClock.atNow();
    private final CallRecorder dynamoDbCalls = new CallRecorder();
    private final CallRecorder secretsManagerCalls = new CallRecorder();
    private final SimulatedTime awsTime = new SimulatedTime(AWS_CALL_LATENCY);
    private final RecordedSecurityEvents securityEvents = new RecordedSecurityEvents();
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final SecretsManagerClient secretsManager;
    private final Components components;

    private TestUserlink(URI endpoint, AccessKey key, String table, Duration conflictRetryBudget,
                         int passwordHashIterations) {
        String namespace = "test-" + UUID.randomUUID();
        this.dynamoDb = TestAws.dynamoDb(endpoint, key, dynamoDbCalls, awsTime);
        this.table = table;
        this.secretsManager = TestAws.secretsManager(endpoint, key, secretsManagerCalls, awsTime);
        String keyRingSecret = namespace + "/key-ring";
        String publicKeysSecret = namespace + "/public-keys";
        KeyRing ring = TestKeyRings.FIRST;
        secretsManager.createSecret(r -> r.name(keyRingSecret).secretString(Json.write(ring.toSecretJson())));
        secretsManager.createSecret(r -> r.name(publicKeysSecret).secretString(Json.write(ring.publicKeys().toJwks())));
        Settings settings = new Settings(table, keyRingSecret, publicKeysSecret, namespace + "/apps/", ISSUER,
                CREDENTIALS_CACHE, Duration.ofSeconds(300));
        this.components = Components.create(settings, dynamoDb, secretsManager, clock, new SecureRandom(),
                conflictRetryBudget, passwordHashIterations)
                .answeringAlikeWithin(new Timebox(Timebox.ACCOUNT_MAIL_REQUESTS, awsTime))
                .recordingSecurityEventsTo(securityEvents);
    }

    /** The security events the components recorded, oldest first (as {@link MemoryUserlink#securityEvents()}). */
    public List<SecurityEvent> securityEvents() {
        return securityEvents.all();
    }

    /** A Userlink over the JVM's local AWS account, acting as its harness. */
    public static TestUserlink local() {
        return local(Components.CONFLICT_RETRY_BUDGET);
    }

    /** As {@link #local()}, retrying a lost race for {@code conflictRetryBudget} before answering 503. */
    public static TestUserlink local(Duration conflictRetryBudget) {
        return local(conflictRetryBudget, PasswordHasher.DEFAULT_ITERATIONS);
    }

    /**
     * As {@link #local()}, hashing passwords at {@link MemoryUserlink#PASSWORD_HASH_ITERATIONS}: for tests that sign in
     * many times and whose subject is not the hash.
     */
    public static TestUserlink localHashingCheaply() {
        return local(Components.CONFLICT_RETRY_BUDGET, MemoryUserlink.PASSWORD_HASH_ITERATIONS);
    }

    private static TestUserlink local(Duration conflictRetryBudget, int passwordHashIterations) {
        return new TestUserlink(TestAws.local().endpoint(), TestAws.harnessKey(), LocalAws.TABLE_NAME, conflictRetryBudget,
                passwordHashIterations);
    }

    /** A Userlink over another AWS engine (LocalStack, moto) serving both services at one endpoint, whose table exists. */
    public static TestUserlink on(URI endpoint, AccessKey key, String table) {
        return new TestUserlink(endpoint, key, table, Components.CONFLICT_RETRY_BUDGET, PasswordHasher.DEFAULT_ITERATIONS);
    }

    public Components components() {
        return components;
    }

    public AppAdministration administration() {
        return new AppAdministration(components.apps(), components.appCredentials(), components.ids(), clock);
    }

    /** Creates an app with default settings, and an API key with every scope. */
    public TestApp createApp() {
        return createApp(AppSettings.defaults());
    }

    /** Creates an app with {@code settings}, and an API key with every scope. */
    public TestApp createApp(AppSettings settings) {
        CreatedApp created = administration().createApp("test app", settings);
        String apiKey = administration().createApiKey(created.app().appId(), "all scopes", Set.of(Scope.values()), null);
        return new TestApp(created.app().appId(), created.appSecret(), apiKey);
    }

    /** An app whose accounts get mail under {@code mode} ({@link #mailing}). */
    public App mailingApp(RegistrationMode mode) {
        return components.apps().find(createApp(mailing(mode)).appId()).orElseThrow();
    }

    /** Settings under which accounts get mail under {@code mode}, the confirmation and reset links on app.example.com. */
    public static AppSettings mailing(RegistrationMode mode) {
        return AppSettings.defaults().withAccountMail(MemoryUserlink.accountMail(mode));
    }

    /** The mails of {@code appId} not yet sent, oldest first, as the person on call lists them: the table is shared. */
    public List<OutboxMail> unsentMailsOf(String appId) {
        return unsentMails().find().stream().filter(mail -> mail.appId().equals(appId)).toList();
    }

    /** What {@code userlink mail send-unsent} does, over this Userlink's table. */
    public UnsentMails unsentMails() {
        return new UnsentMails(new DynamoDbOutbox(dynamoDb, table), components.ids(), clock);
    }

    /** The access token of a new install of {@code app} (an iPhone), as the authenticator reads it. */
    public AccessToken newInstall(App app) {
        return verified(components.installService().register(app,
                new Registration(Platform.IOS, DeviceClass.PHONE, "1.0.0", Optional.empty())).tokens().accessToken().value());
    }

    /** The verified claims of an access token, as a route sees them. */
    public AccessToken verified(String accessToken) {
        return components.authenticator().accessToken(Optional.of("Bearer " + accessToken));
    }

    public MutableClock clock() {
        return clock;
    }

    public CallRecorder dynamoDbCalls() {
        return dynamoDbCalls;
    }

    /**
     * The wall time the requests that answer alike for any address are boxed in: each DynamoDB and Secrets Manager
     * call moves it by {@link #AWS_CALL_LATENCY}, and the box's wait by as long as it waits.
     */
    public SimulatedTime awsTime() {
        return awsTime;
    }

    public CallRecorder secretsManagerCalls() {
        return secretsManagerCalls;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }
}
