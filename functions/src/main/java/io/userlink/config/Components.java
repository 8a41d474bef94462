package io.userlink.config;

import io.userlink.account.AccountEmails;
import io.userlink.account.AccountMailDelivery;
import io.userlink.account.AccountService;
import io.userlink.account.AccountStore;
import io.userlink.account.AddressChange;
import io.userlink.account.LoginAttempts;
import io.userlink.account.LoginGuard;
import io.userlink.app.AppCredentialsStore;
import io.userlink.app.AppStore;
import io.userlink.audit.SecurityEvents;
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
import io.userlink.identity.Timebox;
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
import io.userlink.ses.SesMailSender;
import io.userlink.token.AccessTokenIssuer;
import io.userlink.token.AccessTokenVerifier;
import io.userlink.token.KeyRingSource;
import io.userlink.token.PublicKeySource;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Wires Userlink by hand, in one place: the AWS clients and every service over them, each built the first time a
 * function asks for it and kept for the container's life, so a function loads and builds only what it uses.
 * Handlers take what they need from here in their constructors (before a SnapStart snapshot).
 */
public final class Components {

    /**
     * How long a request retries a transition that lost a race before answering 503: well inside the
     * functions' 10 s timeout.
     */
    public static final Duration CONFLICT_RETRY_BUDGET = Duration.ofSeconds(5);

    private static volatile Components environment;

    /**
     * What the domain reads and writes through: DynamoDB and Secrets Manager in a deployment, maps in the
     * domain's unit tests.
     */
    public interface Ports {
        AppStore apps();

        AppCredentialsStore appCredentials();

        KeyRingSource keyRing();

        PublicKeySource publicKeys();

        InstallStore installs();

        IdentityStore identities();

        AuthCodeStore codes();

        RefreshFamilyStore families();

        AccountStore accounts();

        LoginAttempts loginAttempts();

        Outbox outbox();
    }

    private final Settings settings;
    private final Ports ports;
    private final InstantSource clock;
    private final SecureRandom random;
    private final Duration conflictRetryBudget;
    private final int passwordHashIterations;
    private final boolean verifiesWithPublicKeysSecret;
    private final Timebox alike;
    private final SecurityEvents securityEvents;
    private final RandomIds ids;
    private final Lazy<PublicKeySource> publicKeys = new Lazy<>();
    private final Lazy<AccessTokenVerifier> accessTokenVerifier = new Lazy<>();
    private final Lazy<AccessTokenIssuer> accessTokens = new Lazy<>();
    private final Lazy<RefreshTokens> refreshTokens = new Lazy<>();
    private final Lazy<LoginTokens> loginTokens = new Lazy<>();
    private final Lazy<ConflictRetry> retry = new Lazy<>();
    private final Lazy<UserAttachment> attachment = new Lazy<>();
    private final Lazy<LoginGuard> loginGuard = new Lazy<>();
    private final Lazy<MailTokens> mailTokens = new Lazy<>();
    private final Lazy<Authenticator> authenticator = new Lazy<>();
    private final Lazy<InstallService> installService = new Lazy<>();
    private final Lazy<RefreshService> refreshService = new Lazy<>();
    private final Lazy<InstallAccess> installAccess = new Lazy<>();
    private final Lazy<LinkService> linkService = new Lazy<>();
    private final Lazy<AuthCodeService> authCodeService = new Lazy<>();
    private final Lazy<ResetService> resetService = new Lazy<>();
    private final Lazy<UserDirectory> userDirectory = new Lazy<>();
    private final Lazy<UserDeletion> userDeletion = new Lazy<>();
    private final Lazy<PasswordHasher> passwordHasher = new Lazy<>();
    private final Lazy<AccountService> accountService = new Lazy<>();
    private final Lazy<AccountEmails> accountEmails = new Lazy<>();
    private final Lazy<TokenIntrospection> tokenIntrospection = new Lazy<>();

    private Components(Settings settings, Ports ports, InstantSource clock, SecureRandom random,
                       Duration conflictRetryBudget, int passwordHashIterations, boolean verifiesWithPublicKeysSecret,
                       Timebox alike, SecurityEvents securityEvents) {
        this.settings = Objects.requireNonNull(settings);
        this.ports = Objects.requireNonNull(ports);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
        this.conflictRetryBudget = Objects.requireNonNull(conflictRetryBudget);
        this.passwordHashIterations = passwordHashIterations;
        this.verifiesWithPublicKeysSecret = verifiesWithPublicKeysSecret;
        this.alike = Objects.requireNonNull(alike);
        this.securityEvents = Objects.requireNonNull(securityEvents);
        this.ids = new RandomIds(random);
    }

    /**
     * The components of this container, built on first use from the function's environment (see
     * {@link AwsClients}), with SnapStart hooks that prime what the function uses before the snapshot when one may
     * follow (see {@link ClassPriming#register}).
     *
     * @param primed what the function reads, hence may read before its snapshot (one function per container:
     *     the first caller decides); a function that reads {@link Priming#PUBLIC_KEYS} verifies tokens with them
     */
    public static Components fromEnvironment(Priming... primed) {
        Components built = environment;
        if (built == null) {
            synchronized (Components.class) {
                built = environment;
                if (built == null) {
                    UnaryOperator<String> variables = FunctionEnvironment.variables();
                    AwsClients clients = new AwsClients(variables, UrlConnectionHttpClient.create());
                    Settings settings = Settings.from(variables);
                    InstantSource clock = InstantSource.system();
                    AwsPorts ports = new AwsPorts(settings, clock,
                            () -> clients.build(DynamoDbClient.builder(), "AWS_ENDPOINT_URL_DYNAMODB"),
                            () -> clients.build(SecretsManagerClient.builder(), "AWS_ENDPOINT_URL_SECRETS_MANAGER"));
                    Set<Priming> reads = Set.of(primed);
                    built = new Components(settings, ports, clock, new SecureRandom(), CONFLICT_RETRY_BUDGET,
                            PasswordHasher.DEFAULT_ITERATIONS, reads.contains(Priming.PUBLIC_KEYS),
                            new Timebox(Timebox.ACCOUNT_MAIL_REQUESTS), new SecurityLog());
                    if (FunctionEnvironment.maySnapshot()) { // else the hooks' classes are not even loaded
                        // Registered first, so run last (a context runs its resources in the reverse order): after
                        // the hooks' reads, whose failure should fail the publish at once, and after the rehearsals.
                        boolean readsSecrets = reads.contains(Priming.KEY_RING) || reads.contains(Priming.PUBLIC_KEYS)
                                || reads.contains(Priming.APP_CREDENTIALS);
                        if (reads.contains(Priming.TABLE) || readsSecrets) {
                            SnapStartResources.registerWhenSnapshotMayFollow(new HandshakePriming(reads.contains(Priming.TABLE)
                                    ? ports::dynamoDbEndpoint : ports::secretsManagerEndpoint));
                        }
                        SnapStartResources.registerWhenSnapshotMayFollow(new SnapStartHooks(built, reads));
                    }
                    environment = built;
                }
            }
        }
        return built;
    }

    /** The key ring's rotation over a Secrets Manager client of its own: the rotation function needs nothing else. */
    public static KeyRingRotation keyRingRotationFromEnvironment() {
        UnaryOperator<String> variables = FunctionEnvironment.variables();
        Settings settings = Settings.from(variables);
        return new KeyRingRotation(new AwsClients(variables, UrlConnectionHttpClient.create())
                .build(SecretsManagerClient.builder(), "AWS_ENDPOINT_URL_SECRETS_MANAGER"), new SecureRandom(),
                settings.keyRingSecretId(), settings.publicKeysSecretId());
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
        return create(settings, dynamoDb, secretsManager, clock, random, CONFLICT_RETRY_BUDGET,
                PasswordHasher.DEFAULT_ITERATIONS);
    }

    /**
     * As {@link #create(Settings, DynamoDbClient, SecretsManagerClient, InstantSource, SecureRandom)}, with how long a
     * request retries a lost race before it answers 503, and the PBKDF2 cost of new password hashes (tests lower
     * both).
     */
    public static Components create(Settings settings, DynamoDbClient dynamoDb, SecretsManagerClient secretsManager,
                                    InstantSource clock, SecureRandom random, Duration conflictRetryBudget,
                                    int passwordHashIterations) {
        Objects.requireNonNull(dynamoDb);
        Objects.requireNonNull(secretsManager);
        return over(settings, new AwsPorts(settings, clock, () -> dynamoDb, () -> secretsManager), clock, random,
                conflictRetryBudget, passwordHashIterations);
    }

    /**
     * The domain over any implementation of its ports.
     *
     * @param passwordHashIterations the PBKDF2 cost of new password hashes ({@link PasswordHasher#DEFAULT_ITERATIONS}
     *     in every deployment; unit tests lower it)
     */
    public static Components over(Settings settings, Ports ports, InstantSource clock, SecureRandom random,
                                  Duration conflictRetryBudget, int passwordHashIterations) {
        return new Components(settings, ports, clock, random, conflictRetryBudget, passwordHashIterations, false,
                new Timebox(Timebox.ACCOUNT_MAIL_REQUESTS), new SecurityLog());
    }

    /**
     * These components over the same ports, verifying tokens with the public keys secret instead of the ring, as a
     * function that reads {@link Priming#PUBLIC_KEYS} does: for the benchmarks that build its handler by hand.
     */
    public Components verifyingWithPublicKeys() {
        return new Components(settings, ports, clock, random, conflictRetryBudget, passwordHashIterations, true, alike,
                securityEvents);
    }

    /**
     * These components over the same ports, boxing the requests that answer alike for any address (a password reset,
     * a new confirmation link, a registration that mails first, a change of address) to {@code alike} instead of
     * {@link Timebox#ACCOUNT_MAIL_REQUESTS} of wall time: for tests, which drive its clock, and for the rehearsals
     * before a snapshot, which answer no one.
     */
    public Components answeringAlikeWithin(Timebox alike) {
        return new Components(settings, ports, clock, random, conflictRetryBudget, passwordHashIterations,
                verifiesWithPublicKeysSecret, alike, securityEvents);
    }

    /**
     * These components over the same ports, recording their {@link io.userlink.audit.SecurityEvent}s to {@code events}
     * instead of the function's log ({@link SecurityLog}): for tests, which read them, and for the rehearsals before a
     * snapshot, whose sign-ins are nobody's.
     */
    public Components recordingSecurityEventsTo(SecurityEvents events) {
        return new Components(settings, ports, clock, random, conflictRetryBudget, passwordHashIterations,
                verifiesWithPublicKeysSecret, alike, events);
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

    /**
     * The public keys tokens are verified with: the public keys secret's in a function that reads it instead of the
     * ring, the ring's own otherwise (one read where a function also signs).
     */
    public PublicKeySource publicKeys() {
        return publicKeys.get(() -> verifiesWithPublicKeysSecret ? ports.publicKeys()
                : () -> ports.keyRing().keyRing().publicKeys());
    }

    public Authenticator authenticator() {
        return authenticator.get(() -> new Authenticator(ports.apps(),
                new AppCredentialsCache(ports.appCredentials(), settings.credentialsCachePeriod(), clock),
                accessTokenVerifier(), securityEvents, clock));
    }

    public InstallService installService() {
        return installService.get(() -> new InstallService(ports.installs(), refreshService(), loginTokens(), ids, clock));
    }

    public RefreshService refreshService() {
        return refreshService.get(() -> new RefreshService(refreshTokens(), ports.families(), accessTokens(),
                securityEvents, ids, clock));
    }

    public InstallAccess installAccess() {
        return installAccess.get(() -> new InstallAccess(ports.identities(), ports.families(), securityEvents,
                clock));
    }

    public LinkService linkService() {
        return linkService.get(() -> new LinkService(ports.identities(), attachment(), retry(), securityEvents,
                clock));
    }

    public AuthCodeService authCodeService() {
        return authCodeService.get(() -> new AuthCodeService(ports.codes(), ports.identities(), ports.families(),
                attachment(), installAccess(), loginTokens(), retry(), securityEvents, ids, clock));
    }

    public ResetService resetService() {
        return resetService.get(() -> new ResetService(ports.identities(), installAccess(), refreshService(),
                loginTokens(), retry(), ids, clock));
    }

    public UserDirectory userDirectory() {
        return userDirectory.get(() -> new UserDirectory(ports.identities()));
    }

    public UserDeletion userDeletion() {
        return userDeletion.get(() -> new UserDeletion(ports.identities(), retry(), clock));
    }

    public AccountEmails accountEmails() {
        return accountEmails.get(() -> new AccountEmails(ports.identities(), ports.accounts(), mailTokens(),
                passwordHasher(), loginGuard(), resetService(), addressChange(), retry(), alike, securityEvents, ids, clock));
    }

    public AddressChange addressChange() {
        return new AddressChange(ports.identities(), ports.accounts(), retry(), ids, clock);
    }

    /** The delivery of the outbox's mails through {@code sender}. */
    public AccountMailDelivery mailDelivery(MailSender sender) {
        return new AccountMailDelivery(ports.outbox(), ports.apps(), ports.accounts(), mailTokens(), sender, clock);
    }

    public PasswordHasher passwordHasher() {
        return passwordHasher.get(() -> new PasswordHasher(passwordHashIterations, random));
    }

    public AccountService accountService() {
        return accountService.get(() -> new AccountService(ports.identities(), ports.accounts(), attachment(),
                installAccess(), resetService(), userDeletion(), loginTokens(), loginGuard(), passwordHasher(), mailTokens(),
                retry(), alike, securityEvents, ids, clock));
    }

    public TokenIntrospection tokenIntrospection() {
        return tokenIntrospection.get(() -> new TokenIntrospection(accessTokenVerifier(), installAccess()));
    }

    private AccessTokenVerifier accessTokenVerifier() {
        return accessTokenVerifier.get(() -> new AccessTokenVerifier(settings.tokenIssuer(), publicKeys(), clock));
    }

    private AccessTokenIssuer accessTokens() {
        return accessTokens.get(() -> new AccessTokenIssuer(settings.tokenIssuer(), ports.keyRing(), clock, ids));
    }

    private RefreshTokens refreshTokens() {
        return refreshTokens.get(() -> new RefreshTokens(ports.keyRing()));
    }

    private LoginTokens loginTokens() {
        return loginTokens.get(() -> new LoginTokens(accessTokens(), refreshTokens()));
    }

    private ConflictRetry retry() {
        return retry.get(() -> new ConflictRetry(conflictRetryBudget, ids::random));
    }

    private UserAttachment attachment() {
        return attachment.get(() -> new UserAttachment(ports.identities(), new ActiveDevicePolicy(), refreshService(), ids));
    }

    private LoginGuard loginGuard() {
        return loginGuard.get(() -> new LoginGuard(ports.loginAttempts(), clock));
    }

    private MailTokens mailTokens() {
        return mailTokens.get(() -> new MailTokens(ports.keyRing(), ids));
    }
}
