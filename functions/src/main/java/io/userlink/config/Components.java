package io.userlink.config;

import io.userlink.app.AppStore;
import io.userlink.auth.AppCredentialsCache;
import io.userlink.auth.Authenticator;
import io.userlink.id.RandomIds;
import io.userlink.install.InstallService;
import io.userlink.refresh.RefreshService;
import io.userlink.refresh.RefreshTokens;
import io.userlink.secrets.SecretsManagerAppCredentialsStore;
import io.userlink.secrets.SecretsManagerKeyRingStore;
import io.userlink.storage.dynamodb.DynamoDbAppStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.token.AccessTokenIssuer;
import io.userlink.token.AccessTokenVerifier;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Wires Userlink by hand, in one place: the AWS clients (built once per container) and every service over
 * them. Handlers take what they need from here.
 */
public final class Components {

    private static volatile Components environment;

    private final Settings settings;
    private final RandomIds ids;
    private final AppStore apps;
    private final SecretsManagerAppCredentialsStore appCredentials;
    private final SecretsManagerKeyRingStore keyRing;
    private final AccessTokenIssuer accessTokenIssuer;
    private final Authenticator authenticator;
    private final InstallService installService;

    private Components(Settings settings, DynamoDbClient dynamoDb, SecretsManagerClient secretsManager,
                       InstantSource clock, SecureRandom random) {
        this.settings = Objects.requireNonNull(settings);
        this.ids = new RandomIds(random);
        this.apps = new DynamoDbAppStore(dynamoDb, settings.tableName());
        this.appCredentials = new SecretsManagerAppCredentialsStore(secretsManager, settings.appCredentialsSecretPrefix());
        this.keyRing = new SecretsManagerKeyRingStore(secretsManager, settings.keyRingSecretId(),
                settings.keyRingCachePeriod(), clock);
        this.accessTokenIssuer = new AccessTokenIssuer(settings.tokenIssuer(), keyRing, clock, ids);
        this.authenticator = new Authenticator(apps,
                new AppCredentialsCache(appCredentials, settings.credentialsCachePeriod(), clock),
                new AccessTokenVerifier(settings.tokenIssuer(), keyRing, clock), clock);
        this.installService = new InstallService(new DynamoDbInstallStore(dynamoDb, settings.tableName()),
                new RefreshService(new RefreshTokens(keyRing), ids, clock), accessTokenIssuer, ids, clock);
    }

    /** The components of this container, built on first use from the environment and the default AWS chain. */
    public static Components fromEnvironment() {
        Components built = environment;
        if (built == null) {
            synchronized (Components.class) {
                built = environment;
                if (built == null) {
                    SdkHttpClient http = UrlConnectionHttpClient.create();
                    built = create(Settings.fromEnvironment(),
                            DynamoDbClient.builder().httpClient(http).build(),
                            SecretsManagerClient.builder().httpClient(http).build(),
                            InstantSource.system(), new SecureRandom());
                    environment = built;
                }
            }
        }
        return built;
    }

    /** Components over the given clients, clock and random source: for tests and the local runtime. */
    public static Components create(Settings settings, DynamoDbClient dynamoDb, SecretsManagerClient secretsManager,
                                    InstantSource clock, SecureRandom random) {
        return new Components(settings, dynamoDb, secretsManager, clock, random);
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
}
