package io.userlink.config;

import io.userlink.account.AccountStore;
import io.userlink.account.LoginAttempts;
import io.userlink.app.AppCredentialsStore;
import io.userlink.app.AppStore;
import io.userlink.authcode.AuthCodeStore;
import io.userlink.identity.IdentityStore;
import io.userlink.install.InstallStore;
import io.userlink.mail.Outbox;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.secrets.SecretsManagerAppCredentialsStore;
import io.userlink.secrets.SecretsManagerKeyRingStore;
import io.userlink.secrets.SecretsManagerPublicKeysStore;
import io.userlink.storage.dynamodb.DynamoDbAccountStore;
import io.userlink.storage.dynamodb.DynamoDbAppStore;
import io.userlink.storage.dynamodb.DynamoDbAuthCodeStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.storage.dynamodb.DynamoDbLoginAttempts;
import io.userlink.storage.dynamodb.DynamoDbOutbox;
import io.userlink.storage.dynamodb.DynamoDbRefreshFamilyStore;
import io.userlink.token.KeyRingSource;
import io.userlink.token.PublicKeySource;
import java.net.URI;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.endpoints.SecretsManagerEndpointProvider;

/**
 * The ports over DynamoDB and Secrets Manager, each store and each client built when first used: a function that
 * never reads the table (the JWKS) never builds a DynamoDB client, one that reads no secret never builds a Secrets
 * Manager client.
 */
final class AwsPorts implements Components.Ports {

    private final Settings settings;
    private final InstantSource clock;
    private final Supplier<DynamoDbClient> buildDynamoDb;
    private final Supplier<SecretsManagerClient> buildSecretsManager;
    private final Lazy<DynamoDbClient> dynamoDb = new Lazy<>();
    private final Lazy<SecretsManagerClient> secretsManager = new Lazy<>();
    private final Lazy<AppStore> apps = new Lazy<>();
    private final Lazy<AppCredentialsStore> appCredentials = new Lazy<>();
    private final Lazy<KeyRingSource> keyRing = new Lazy<>();
    private final Lazy<PublicKeySource> publicKeys = new Lazy<>();
    private final Lazy<InstallStore> installs = new Lazy<>();
    private final Lazy<IdentityStore> identities = new Lazy<>();
    private final Lazy<AuthCodeStore> codes = new Lazy<>();
    private final Lazy<RefreshFamilyStore> families = new Lazy<>();
    private final Lazy<AccountStore> accounts = new Lazy<>();
    private final Lazy<LoginAttempts> loginAttempts = new Lazy<>();
    private final Lazy<Outbox> outbox = new Lazy<>();

    AwsPorts(Settings settings, InstantSource clock, Supplier<DynamoDbClient> buildDynamoDb,
             Supplier<SecretsManagerClient> buildSecretsManager) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.buildDynamoDb = Objects.requireNonNull(buildDynamoDb);
        this.buildSecretsManager = Objects.requireNonNull(buildSecretsManager);
    }

    /**
     * Where the DynamoDB client sends its calls: its endpoint override, or DynamoDB's endpoint in its region (or an
     * account's own endpoint there, {@code <account>.ddb.<region>.amazonaws.com}, which the SDK prefers when the
     * credentials name the account: another host of the same service).
     */
    URI dynamoDbEndpoint() {
        return endpointOf(dynamoDb().serviceClientConfiguration(),
                region -> DynamoDbEndpointProvider.defaultProvider().resolveEndpoint(params -> params.region(region)));
    }

    /** Where the Secrets Manager client sends its calls: its endpoint override, or the service's in its region. */
    URI secretsManagerEndpoint() {
        return endpointOf(secretsManager().serviceClientConfiguration(),
                region -> SecretsManagerEndpointProvider.defaultProvider().resolveEndpoint(params -> params.region(region)));
    }

    /** A client's endpoint override, or else what its service's endpoint rules give for the client's region. */
    private static URI endpointOf(AwsServiceClientConfiguration configuration,
                                  Function<Region, CompletableFuture<Endpoint>> regional) {
        return configuration.endpointOverride().orElseGet(() -> regional.apply(configuration.region()).join().url());
    }

    @Override
    public AppStore apps() {
        return apps.get(() -> new DynamoDbAppStore(dynamoDb(), settings.tableName()));
    }

    @Override
    public AppCredentialsStore appCredentials() {
        return appCredentials.get(() -> new SecretsManagerAppCredentialsStore(secretsManager(),
                settings.appCredentialsSecretPrefix()));
    }

    @Override
    public KeyRingSource keyRing() {
        return keyRing.get(() -> new SecretsManagerKeyRingStore(secretsManager(), settings.keyRingSecretId(),
                settings.keyRingCachePeriod(), clock));
    }

    @Override
    public PublicKeySource publicKeys() {
        return publicKeys.get(() -> new SecretsManagerPublicKeysStore(secretsManager(), settings.publicKeysSecretId(),
                settings.keyRingCachePeriod(), clock));
    }

    @Override
    public InstallStore installs() {
        return installs.get(() -> new DynamoDbInstallStore(dynamoDb(), settings.tableName()));
    }

    @Override
    public IdentityStore identities() {
        return identities.get(() -> new DynamoDbIdentityStore(dynamoDb(), settings.tableName(), clock));
    }

    @Override
    public AuthCodeStore codes() {
        return codes.get(() -> new DynamoDbAuthCodeStore(dynamoDb(), settings.tableName()));
    }

    @Override
    public RefreshFamilyStore families() {
        return families.get(() -> new DynamoDbRefreshFamilyStore(dynamoDb(), settings.tableName(), clock));
    }

    @Override
    public AccountStore accounts() {
        return accounts.get(() -> new DynamoDbAccountStore(dynamoDb(), settings.tableName()));
    }

    @Override
    public LoginAttempts loginAttempts() {
        return loginAttempts.get(() -> new DynamoDbLoginAttempts(dynamoDb(), settings.tableName()));
    }

    @Override
    public Outbox outbox() {
        return outbox.get(() -> new DynamoDbOutbox(dynamoDb(), settings.tableName()));
    }

    private DynamoDbClient dynamoDb() {
        return dynamoDb.get(buildDynamoDb);
    }

    private SecretsManagerClient secretsManager() {
        return secretsManager.get(buildSecretsManager);
    }
}
