package io.userlink.config;

import io.userlink.account.AccountEmails;
import io.userlink.account.AccountMailDelivery;
import io.userlink.account.AccountService;
import io.userlink.account.AccountStore;
import io.userlink.account.LoginAttempts;
import io.userlink.account.LoginGuard;
import io.userlink.app.AppCredentialsStore;
import io.userlink.app.AppStore;
import io.userlink.auth.AppCredentialsCache;
import io.userlink.auth.Authenticator;
import io.userlink.authcode.AuthCodeService;
import io.userlink.authcode.AuthCodeStore;
import io.userlink.device.ActiveDevicePolicy;
import io.userlink.id.RandomIds;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.InstallAccess;
import io.userlink.identity.LinkService;
import io.userlink.identity.ResetService;
import io.userlink.identity.TokenIntrospection;
import io.userlink.identity.UserAttachment;
import io.userlink.identity.UserDeletion;
import io.userlink.identity.UserDirectory;
import io.userlink.install.InstallService;
import io.userlink.install.InstallStore;
import io.userlink.mail.MailSender;
import io.userlink.mail.MailTokens;
import io.userlink.mail.Outbox;
import io.userlink.password.PasswordHasher;
import io.userlink.refresh.LoginTokens;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.refresh.RefreshService;
import io.userlink.refresh.RefreshTokens;
import io.userlink.secrets.KeyRingRotation;
import io.userlink.secrets.SecretsManagerAppCredentialsStore;
import io.userlink.secrets.SecretsManagerKeyRingStore;
import io.userlink.ses.SesMailSender;
import io.userlink.storage.dynamodb.DynamoDbAccountStore;
import io.userlink.storage.dynamodb.DynamoDbAppStore;
import io.userlink.storage.dynamodb.DynamoDbAuthCodeStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.storage.dynamodb.DynamoDbLoginAttempts;
import io.userlink.storage.dynamodb.DynamoDbOutbox;
import io.userlink.storage.dynamodb.DynamoDbRefreshFamilyStore;
import io.userlink.token.AccessTokenIssuer;
import io.userlink.token.AccessTokenVerifier;
import io.userlink.token.KeyRingSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.crac.Core;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Wires Userlink by hand, in one place: the AWS clients (built once per container) and every service over
 * them. Handlers take what they need from here.
 */
public final class Components {

    /**
     * How long a request retries a transition that lost a race before answering 503: well inside the
     * functions' 10 s timeout.
     */
    public static final Duration CONFLICT_RETRY_BUDGET = Duration.ofSeconds(5);

    private static volatile Components environment;
    /** Strongly held: the CRaC context keeps its resources weakly. */
    private static SnapStartHooks snapStartHooks;

    /**
     * What the domain reads and writes through: DynamoDB and Secrets Manager in a deployment, maps in the
     * domain's unit tests.
     */
    public record Ports(AppStore apps, AppCredentialsStore appCredentials, KeyRingSource keyRing, InstallStore installs,
                        IdentityStore identities, AuthCodeStore codes, RefreshFamilyStore families,
                        AccountStore accounts, LoginAttempts loginAttempts, Outbox outbox) {
        public Ports {
            Objects.requireNonNull(apps);
            Objects.requireNonNull(appCredentials);
            Objects.requireNonNull(keyRing);
            Objects.requireNonNull(installs);
            Objects.requireNonNull(identities);
            Objects.requireNonNull(codes);
            Objects.requireNonNull(families);
            Objects.requireNonNull(accounts);
            Objects.requireNonNull(loginAttempts);
            Objects.requireNonNull(outbox);
        }
    }

    private final Settings settings;
    private final Ports ports;
    private final RandomIds ids;
    private final Authenticator authenticator;
    private final InstallService installService;
    private final RefreshService refreshService;
    private final InstallAccess installAccess;
    private final LinkService linkService;
    private final AuthCodeService authCodeService;
    private final ResetService resetService;
    private final UserDirectory userDirectory;
    private final UserDeletion userDeletion;
    private final PasswordHasher passwordHasher;
    private final AccountService accountService;
    private final AccountEmails accountEmails;
    private final MailTokens mailTokens;
    private final TokenIntrospection tokenIntrospection;
    private final InstantSource clock;

    private Components(Settings settings, Ports ports, InstantSource clock, SecureRandom random,
                       Duration conflictRetryBudget, int passwordHashIterations) {
        this.settings = Objects.requireNonNull(settings);
        this.ports = Objects.requireNonNull(ports);
        this.ids = new RandomIds(random);
        AccessTokenVerifier accessTokenVerifier = new AccessTokenVerifier(settings.tokenIssuer(), ports.keyRing(), clock);
        this.authenticator = new Authenticator(ports.apps(),
                new AppCredentialsCache(ports.appCredentials(), settings.credentialsCachePeriod(), clock),
                accessTokenVerifier, clock);
        RefreshTokens refreshTokens = new RefreshTokens(ports.keyRing());
        AccessTokenIssuer accessTokens = new AccessTokenIssuer(settings.tokenIssuer(), ports.keyRing(), clock, ids);
        this.refreshService = new RefreshService(refreshTokens, ports.families(), accessTokens, ids, clock);
        LoginTokens loginTokens = new LoginTokens(accessTokens, refreshTokens);
        this.installService = new InstallService(ports.installs(), refreshService, loginTokens, ids, clock);
        ConflictRetry retry = new ConflictRetry(conflictRetryBudget, ids::random);
        UserAttachment attachment = new UserAttachment(ports.identities(), new ActiveDevicePolicy(), refreshService, ids);
        this.installAccess = new InstallAccess(ports.identities(), ports.families(), clock);
        this.linkService = new LinkService(ports.identities(), attachment, retry, clock);
        this.authCodeService = new AuthCodeService(ports.codes(), ports.identities(), ports.families(), attachment,
                installAccess, loginTokens, retry, ids, clock);
        this.resetService = new ResetService(ports.identities(), installAccess, refreshService, loginTokens, retry, ids, clock);
        this.userDirectory = new UserDirectory(ports.identities());
        this.userDeletion = new UserDeletion(ports.identities(), userDirectory, retry, clock);
        this.passwordHasher = new PasswordHasher(passwordHashIterations, random);
        LoginGuard guard = new LoginGuard(ports.loginAttempts(), clock);
        this.mailTokens = new MailTokens(ports.keyRing(), ids);
        this.accountService = new AccountService(ports.identities(), ports.accounts(), attachment, installAccess,
                resetService, loginTokens, guard, passwordHasher, mailTokens, retry, ids, clock);
        this.accountEmails = new AccountEmails(ports.identities(), ports.accounts(), mailTokens, passwordHasher, guard,
                resetService, retry, ids, clock);
        this.clock = clock;
        this.tokenIntrospection = new TokenIntrospection(accessTokenVerifier, installAccess);
    }

    /**
     * The components of this container, built on first use from the function's environment (see
     * {@link AwsClients}), with SnapStart hooks that prime what the function uses before the snapshot.
     *
     * @param primed what the function reads, hence may read before its snapshot (one function per container:
     *     the first caller decides)
     */
    public static Components fromEnvironment(Priming... primed) {
        Components built = environment;
        if (built == null) {
            synchronized (Components.class) {
                built = environment;
                if (built == null) {
                    UnaryOperator<String> variables = FunctionEnvironment.variables();
                    AwsClients clients = new AwsClients(variables, UrlConnectionHttpClient.create());
                    built = create(Settings.from(variables),
                            clients.build(DynamoDbClient.builder(), "AWS_ENDPOINT_URL_DYNAMODB"),
                            clients.build(SecretsManagerClient.builder(), "AWS_ENDPOINT_URL_SECRETS_MANAGER"),
                            InstantSource.system(), new SecureRandom(), CONFLICT_RETRY_BUDGET);
                    snapStartHooks = new SnapStartHooks(built, Set.of(primed));
                    Core.getGlobalContext().register(snapStartHooks);
                    environment = built;
                }
            }
        }
        return built;
    }

    /** The key ring's rotation over a Secrets Manager client of its own: the rotation function needs nothing else. */
    public static KeyRingRotation keyRingRotationFromEnvironment() {
        return new KeyRingRotation(new AwsClients(FunctionEnvironment.variables(), UrlConnectionHttpClient.create())
                .build(SecretsManagerClient.builder(), "AWS_ENDPOINT_URL_SECRETS_MANAGER"), new SecureRandom());
    }

    /**
     * The mail sender of this function's environment: Amazon SES v2, sending from {@code MAIL_FROM_ADDRESS} with the
     * configuration set {@code MAIL_CONFIGURATION_SET} when one is named. Without a sender address every send fails
     * (the mails then reach the dead-letter queue and its alarm), while the function itself initialises, so a stack
     * deployed with the template's defaults publishes its versions.
     */
    public static MailSender mailSenderFromEnvironment() {
        UnaryOperator<String> variables = FunctionEnvironment.variables();
        Optional<String> configured = Optional.ofNullable(variables.apply("MAIL_FROM_ADDRESS")).filter(value -> !value.isBlank());
        if (configured.isEmpty()) {
            return (to, mail, outboxId) -> {
                throw new IllegalStateException("MAIL_FROM_ADDRESS is not set: deploy with the MailFromAddress and"
                        + " MailSesIdentity parameters to send account mails");
            };
        }
        String from = configured.get();
        return new SesMailSender(new AwsClients(variables, UrlConnectionHttpClient.create())
                .build(SesV2Client.builder(), "AWS_ENDPOINT_URL_SESV2"), from,
                Optional.ofNullable(variables.apply("MAIL_CONFIGURATION_SET")).filter(value -> !value.isBlank()));
    }

    /** Components over the given clients, clock and random source: for tests and the local runtime. */
    public static Components create(Settings settings, DynamoDbClient dynamoDb, SecretsManagerClient secretsManager,
                                    InstantSource clock, SecureRandom random) {
        return create(settings, dynamoDb, secretsManager, clock, random, CONFLICT_RETRY_BUDGET);
    }

    /**
     * As {@link #create(Settings, DynamoDbClient, SecretsManagerClient, InstantSource, SecureRandom)}, with how long a
     * request retries a lost race before it answers 503.
     */
    public static Components create(Settings settings, DynamoDbClient dynamoDb, SecretsManagerClient secretsManager,
                                    InstantSource clock, SecureRandom random, Duration conflictRetryBudget) {
        String table = settings.tableName();
        return over(settings, new Ports(new DynamoDbAppStore(dynamoDb, table),
                new SecretsManagerAppCredentialsStore(secretsManager, settings.appCredentialsSecretPrefix()),
                new SecretsManagerKeyRingStore(secretsManager, settings.keyRingSecretId(), settings.keyRingCachePeriod(), clock),
                new DynamoDbInstallStore(dynamoDb, table), new DynamoDbIdentityStore(dynamoDb, table, clock),
                new DynamoDbAuthCodeStore(dynamoDb, table), new DynamoDbRefreshFamilyStore(dynamoDb, table, clock),
                new DynamoDbAccountStore(dynamoDb, table), new DynamoDbLoginAttempts(dynamoDb, table),
                new DynamoDbOutbox(dynamoDb, table)),
                clock, random, conflictRetryBudget, PasswordHasher.DEFAULT_ITERATIONS);
    }

    /**
     * The domain over any implementation of its ports.
     *
     * @param passwordHashIterations the PBKDF2 cost of new password hashes ({@link PasswordHasher#DEFAULT_ITERATIONS}
     *     in every deployment; unit tests lower it)
     */
    public static Components over(Settings settings, Ports ports, InstantSource clock, SecureRandom random,
                                  Duration conflictRetryBudget, int passwordHashIterations) {
        return new Components(settings, ports, clock, random, conflictRetryBudget, passwordHashIterations);
    }

    public Settings settings() {
        return settings;
    }

    public RandomIds ids() {
        return ids;
    }

    public AppStore apps() {
        return ports.apps();
    }

    public AppCredentialsStore appCredentials() {
        return ports.appCredentials();
    }

    public KeyRingSource keyRing() {
        return ports.keyRing();
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public InstallService installService() {
        return installService;
    }

    public RefreshService refreshService() {
        return refreshService;
    }

    public InstallAccess installAccess() {
        return installAccess;
    }

    public LinkService linkService() {
        return linkService;
    }

    public AuthCodeService authCodeService() {
        return authCodeService;
    }

    public ResetService resetService() {
        return resetService;
    }

    public UserDirectory userDirectory() {
        return userDirectory;
    }

    public UserDeletion userDeletion() {
        return userDeletion;
    }

    public AccountEmails accountEmails() {
        return accountEmails;
    }

    /** The delivery of the outbox's mails through {@code sender}. */
    public AccountMailDelivery mailDelivery(MailSender sender) {
        return new AccountMailDelivery(ports.outbox(), ports.apps(), ports.accounts(), mailTokens, sender, clock);
    }

    public PasswordHasher passwordHasher() {
        return passwordHasher;
    }

    public AccountService accountService() {
        return accountService;
    }

    public TokenIntrospection tokenIntrospection() {
        return tokenIntrospection;
    }
}
