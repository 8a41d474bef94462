package io.userlink.local;

import io.userlink.local.iam.AccessKey;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Points a real AWS SDK client at the local gateway: its endpoint, the local region and a principal's key. */
public final class LocalAwsClients {

    public static final Region REGION = Region.of(LocalDeployment.REGION);

    private LocalAwsClients() {}

    /** Builds the client of {@code builder} against {@code endpoint}, with the URL-connection HTTP client. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint,
                                                                                              AccessKey key) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials(key)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The SDK's credentials for a key: session credentials when it has a session token. */
    public static AwsCredentials credentials(AccessKey key) {
        return key.sessionToken().<AwsCredentials>map(token -> AwsSessionCredentials.create(key.id(), key.secret(), token))
                .orElseGet(() -> AwsBasicCredentials.create(key.id(), key.secret()));
    }
}
