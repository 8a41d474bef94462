package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A function builds the AWS clients its ports use, each once, and no other; it knows where they call, for SnapStart's
 * handshake priming.
 */
class AwsPortsTest {

    private static final Settings SETTINGS = new Settings("table", "key-ring", "public-keys", "apps/", URI.create("https://issuer.test"),
            Duration.ofSeconds(60), Duration.ofSeconds(300));

    private final AtomicInteger dynamoDbBuilds = new AtomicInteger();
    private final AtomicInteger secretsManagerBuilds = new AtomicInteger();
    private final AwsPorts ports = new AwsPorts(SETTINGS, InstantSource.system(),
            () -> {
                dynamoDbBuilds.incrementAndGet();
                return new UnusedDynamoDb();
            },
            () -> {
                secretsManagerBuilds.incrementAndGet();
                return new UnusedSecretsManager();
            });

    @Test
    void keyRingThenBuildsNoDynamoDbClient() {
        ports.keyRing();

        assertEquals(0, dynamoDbBuilds.get());
        assertEquals(1, secretsManagerBuilds.get());
    }

    @Test
    void tableStoresThenBuildNoSecretsManagerClient() {
        ports.apps();
        ports.installs();
        ports.identities();
        ports.codes();
        ports.families();
        ports.accounts();
        ports.loginAttempts();
        ports.outbox();

        assertEquals(0, secretsManagerBuilds.get());
        assertEquals(1, dynamoDbBuilds.get(), "one client shared by every store");
    }

    @Test
    void aStoreAskedTwiceThenIsTheSameStore() {
        assertSame(ports.apps(), ports.apps());
        assertSame(ports.appCredentials(), ports.appCredentials());
        assertSame(ports.keyRing(), ports.keyRing());
        assertEquals(1, secretsManagerBuilds.get());
    }

    @Test
    void endpointsWithoutAnOverrideThenAreTheServicesOwnInTheClientsRegionAndPartition() {
        try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
            AwsPorts inIreland = over(http, Region.EU_WEST_1, null);
            AwsPorts inBeijing = over(http, Region.CN_NORTH_1, null);

            assertEquals(URI.create("https://dynamodb.eu-west-1.amazonaws.com"), inIreland.dynamoDbEndpoint());
            assertEquals(URI.create("https://secretsmanager.eu-west-1.amazonaws.com"), inIreland.secretsManagerEndpoint());
            assertEquals(URI.create("https://dynamodb.cn-north-1.amazonaws.com.cn"), inBeijing.dynamoDbEndpoint());
        }
    }

    @Test
    void endpointsWithAnOverrideThenAreTheOverride() {
        URI local = URI.create("http://127.0.0.1:8000");
        try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
            AwsPorts overridden = over(http, Region.EU_WEST_1, local);

            assertEquals(local, overridden.dynamoDbEndpoint());
            assertEquals(local, overridden.secretsManagerEndpoint());
        }
    }

    /** Ports over real clients in {@code region}, calling {@code endpoint} when it is not null; no call is made. */
    private static AwsPorts over(SdkHttpClient http, Region region, URI endpoint) {
        return new AwsPorts(SETTINGS, InstantSource.system(),
                () -> configured(DynamoDbClient.builder(), http, region, endpoint).build(),
                () -> configured(SecretsManagerClient.builder(), http, region, endpoint).build());
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(
            B builder, SdkHttpClient http, Region region, URI endpoint) {
        builder.region(region).credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(http);
        return endpoint == null ? builder : builder.endpointOverride(endpoint);
    }

    private static final class UnusedDynamoDb implements DynamoDbClient {
        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {}
    }

    private static final class UnusedSecretsManager implements SecretsManagerClient {
        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {}
    }
}
