package io.userlink.local;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Points a real AWS SDK client at a local stand-in: its endpoint, a fixed region and dummy credentials. */
public final class LocalAwsClients {

    /** Credentials and region the stand-ins accept; they ignore the values. */
    public static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("local", "local");
    public static final Region REGION = Region.US_EAST_1;

    private LocalAwsClients() {}

    /** Builds the client of {@code builder} against {@code endpoint}, with the URL-connection HTTP client. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
