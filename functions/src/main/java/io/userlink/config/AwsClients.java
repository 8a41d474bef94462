package io.userlink.config;

import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds a function's AWS clients from the variables Lambda sets, chosen explicitly rather than by the SDK's
 * default chains (which probe system properties, profile files and instance metadata first):
 * <ul>
 *   <li>region: {@code AWS_REGION};</li>
 *   <li>credentials, one provider for all the clients: with SnapStart, Lambda serves the execution role's
 *       credentials at {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} (variables would be frozen into the snapshot and
 *       expire; see {@link RoleCredentials}); without it, Lambda sets {@code AWS_ACCESS_KEY_ID},
 *       {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} for the life of the execution environment;</li>
 *   <li>endpoint: {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL} when set (never on Lambda;
 *       the local runtime and the benchmarks point the functions at their stand-ins with them).</li>
 * </ul>
 */
final class AwsClients {

    private final UnaryOperator<String> variables;
    private final SdkHttpClient http;
    private final Lazy<AwsCredentialsProvider> credentials = new Lazy<>();

    AwsClients(UnaryOperator<String> variables, SdkHttpClient http) {
        this.variables = variables;
        this.http = http;
    }

    /**
     * A client of {@code builder}'s service.
     *
     * @param endpointVariable the service's endpoint variable, e.g. {@code AWS_ENDPOINT_URL_DYNAMODB}
     * @throws IllegalStateException when the environment names no region or no credentials
     */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String endpointVariable) {
        builder.httpClient(http).region(Region.of(required("AWS_REGION")))
                .credentialsProvider(credentials.get(this::credentialsOfThisEnvironment));
        variable(endpointVariable).or(() -> variable("AWS_ENDPOINT_URL"))
                .ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        return builder.build();
    }

    private AwsCredentialsProvider credentialsOfThisEnvironment() {
        if (variable("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()) {
            return RoleCredentials.ofThisEnvironment();
        }
        String keyId = variable("AWS_ACCESS_KEY_ID").orElseThrow(() -> new IllegalStateException(
                "no AWS credentials in the environment: Lambda sets AWS_CONTAINER_CREDENTIALS_FULL_URI (SnapStart)"
                        + " or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"));
        String secret = required("AWS_SECRET_ACCESS_KEY");
        return StaticCredentialsProvider.create(variable("AWS_SESSION_TOKEN")
                .<AwsCredentials>map(token -> AwsSessionCredentials.create(keyId, secret, token))
                .orElseGet(() -> AwsBasicCredentials.create(keyId, secret)));
    }

    private String required(String name) {
        return variable(name).orElseThrow(() -> new IllegalStateException(name + " is not set; Lambda sets it"));
    }

    private Optional<String> variable(String name) {
        return Optional.ofNullable(variables.apply(name)).filter(value -> !value.isBlank());
    }
}
