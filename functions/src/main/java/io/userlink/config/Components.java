package io.userlink.config;

import io.userlink.app.AppStore;
import io.userlink.auth.AppCredentialsCache;
import io.userlink.auth.Authenticator;
import io.userlink.authcode.AuthCodeService;
import io.userlink.device.ActiveDevicePolicy;
import io.userlink.id.RandomIds;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.InstallAccess;
import io.userlink.identity.LinkService;
import io.userlink.identity.ResetService;
import io.userlink.identity.UserAttachment;
import io.userlink.identity.UserDeletion;
import io.userlink.identity.UserDirectory;
import io.userlink.install.InstallService;
import io.userlink.refresh.LoginTokens;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.refresh.RefreshService;
import io.userlink.refresh.RefreshTokens;
import io.userlink.secrets.SecretsManagerAppCredentialsStore;
import io.userlink.secrets.SecretsManagerKeyRingStore;
import io.userlink.storage.dynamodb.DynamoDbAppStore;
import io.userlink.storage.dynamodb.DynamoDbAuthCodeStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.storage.dynamodb.DynamoDbRefreshFamilyStore;
import io.userlink.token.AccessTokenIssuer;
import io.userlink.token.AccessTokenVerifier;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.crac.Core;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

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

    private final Settings settings;
    private final RandomIds ids;
    private final AppStore apps;
    private final SecretsManagerAppCredentialsStore appCredentials;
    private final SecretsManagerKeyRingStore keyRing;
    private final Authenticator authenticator;
    private final InstallService installService;
    private final RefreshService refreshService;
    private final InstallAccess installAccess;
    private final LinkService linkService;
    private final AuthCodeService authCodeService;
    private final ResetService resetService;
    private final UserDirectory userDirectory;
    private final UserDeletion userDeletion;

    private Components(Settings settings, DynamoDbClient dynamoDb, SecretsManagerClient secretsManager,
                       InstantSource clock, SecureRandom random, Duration conflictRetryBudget) {
        this.settings = Objects.requireNonNull(settings);
        this.ids = new RandomIds(random);
        this.apps = new DynamoDbAppStore(dynamoDb, settings.tableName());
        this.appCredentials = new SecretsManagerAppCredentialsStore(secretsManager, settings.appCredentialsSecretPrefix());
        this.keyRing = new SecretsManagerKeyRingStore(secretsManager, settings.keyRingSecretId(),
                settings.keyRingCachePeriod(), clock);
        this.authenticator = new Authenticator(apps,
                new AppCredentialsCache(appCredentials, settings.credentialsCachePeriod(), clock),
                new AccessTokenVerifier(settings.tokenIssuer(), keyRing, clock), clock);
        RefreshTokens refreshTokens = new RefreshTokens(keyRing);
        RefreshFamilyStore families = new DynamoDbRefreshFamilyStore(dynamoDb, settings.tableName(), clock);
        AccessTokenIssuer accessTokens = new AccessTokenIssuer(settings.tokenIssuer(), keyRing, clock, ids);
        RefreshService refresh = new RefreshService(refreshTokens, families, accessTokens, ids, clock);
        this.refreshService = refresh;
        LoginTokens loginTokens = new LoginTokens(accessTokens, refreshTokens);
        this.installService = new InstallService(new DynamoDbInstallStore(dynamoDb, settings.tableName()), refresh,
                loginTokens, ids, clock);
        IdentityStore identities = new DynamoDbIdentityStore(dynamoDb, settings.tableName(), clock);
        ConflictRetry retry = new ConflictRetry(conflictRetryBudget, ids::random);
        UserAttachment attachment = new UserAttachment(identities, new ActiveDevicePolicy(), refresh, ids);
        this.installAccess = new InstallAccess(identities, clock);
        this.linkService = new LinkService(identities, attachment, retry, clock);
        this.authCodeService = new AuthCodeService(new DynamoDbAuthCodeStore(dynamoDb, settings.tableName()), identities,
                families, attachment, installAccess, loginTokens, retry, ids, clock);
        this.resetService = new ResetService(identities, installAccess, refresh, loginTokens, retry, clock);
        this.userDirectory = new UserDirectory(identities);
        this.userDeletion = new UserDeletion(identities, userDirectory, retry, clock);
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

    /** A Secrets Manager client for a function that needs nothing else (the rotation function). */
    public static SecretsManagerClient secretsManagerFromEnvironment() {
        return new AwsClients(FunctionEnvironment.variables(), UrlConnectionHttpClient.create())
                .build(SecretsManagerClient.builder(), "AWS_ENDPOINT_URL_SECRETS_MANAGER");
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
        return new Components(settings, dynamoDb, secretsManager, clock, random, conflictRetryBudget);
    }

    public Settings settings() {
        return settings;
    }

    public RandomIds ids() {
        return ids;
    }

    public AppStore apps() {
        return apps;
    }

    public SecretsManagerAppCredentialsStore appCredentials() {
        return appCredentials;
    }

    public SecretsManagerKeyRingStore keyRing() {
        return keyRing;
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
}
