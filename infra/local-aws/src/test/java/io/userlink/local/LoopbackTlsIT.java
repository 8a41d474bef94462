package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.local.iam.AccessKey;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The gateway over HTTPS: the same door, verified by a client as it verifies AWS's endpoints. */
class LoopbackTlsIT {

    private static LocalAws aws;
    private static TemporaryDirectory directory;
    private static LoopbackTls tls;
    private static URI https;

    @BeforeAll
    static void start() {
        aws = LocalAws.start(SamTemplate.locate(Path.of("")));
        directory = TemporaryDirectory.create("userlink-tls-test");
        tls = LoopbackTls.create(directory.path());
        https = aws.serveTls(tls);
    }

    @AfterAll
    static void stop() {
        aws.close();
        directory.close();
    }

    @Test
    void serveTlsWhenTheClientTrustsTheTrustStoreThenServedAndAuthorizedAsOverHttp() throws Exception {
        AccessKey jwks = aws.principal("JwksFunction").key();
        TrustManager[] trusting = trustManagers(tls.trustStore());
        String publicKeys = aws.deployment().resolve(Map.of("Ref", "PublicKeysSecret"), "test");

        try (SecretsManagerClient secrets = client(SecretsManagerClient.builder(), jwks, trusting);
             DynamoDbClient table = client(DynamoDbClient.builder(), jwks, trusting)) {
            assertEquals("https", https.getScheme());
            assertTrue(secrets.getSecretValue(r -> r.secretId(publicKeys)).secretString().contains("placeholder"));
            DynamoDbException denied = assertThrows(DynamoDbException.class, () -> table.getItem(r -> r.tableName("userlink")
                    .key(Map.of("pk", AttributeValue.fromS("APP#a"), "sk", AttributeValue.fromS("APP")))));
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        }
    }

    @Test
    void serveTlsWhenTheClientTrustsOnlyTheJdkAuthoritiesThenTheHandshakeFails() {
        try (SecretsManagerClient secrets = client(SecretsManagerClient.builder(), aws.principal("JwksFunction").key(),
                null)) {
            SdkClientException refused = assertThrows(SdkClientException.class, () -> secrets.listSecrets(r -> { }));

            assertInstanceOf(SSLHandshakeException.class, rootOrHandshake(refused), "the certificate is checked, not skipped");
        }
    }

    @Test
    void createThenTheTrustStoreHoldsEveryJdkAuthorityAndTheStandInsCertificate() throws Exception {
        KeyStore jdk = load(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"));
        KeyStore trust = load(tls.trustStore());

        assertEquals(jdk.size() + 1, trust.size(), "a client searches the whole default trust store, as on Lambda");
        assertTrue(LoopbackTls.clientFlags(tls.trustStore()).contains("-Djavax.net.ssl.trustStore=" + tls.trustStore()));
    }

    /** A client of {@code builder}'s service over the HTTPS endpoint; null trust managers: the JDK's defaults. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
            B builder, AccessKey key, TrustManager[] trustManagers) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        if (trustManagers != null) {
            http.tlsTrustManagersProvider(() -> trustManagers);
        }
        return builder.endpointOverride(https).region(LocalAwsClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(LocalAwsClients.credentials(key)))
                .httpClient(http.build()).build();
    }

    private static TrustManager[] trustManagers(Path trustStore) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(load(trustStore));
        return factory.getTrustManagers();
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, LoopbackTls.TRUST_STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    private static Throwable rootOrHandshake(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && !(cause instanceof SSLHandshakeException)) {
            cause = cause.getCause();
        }
        return cause;
    }
}
