package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A function builds the AWS clients its ports use, each once, and no other. */
class AwsPortsTest {

    private final AtomicInteger dynamoDbBuilds = new AtomicInteger();
    private final AtomicInteger secretsManagerBuilds = new AtomicInteger();
    private final AwsPorts ports = new AwsPorts(new Settings("table", "key-ring", "apps/", URI.create("https://issuer.test"),
            Duration.ofSeconds(60), Duration.ofSeconds(300)), InstantSource.system(),
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
