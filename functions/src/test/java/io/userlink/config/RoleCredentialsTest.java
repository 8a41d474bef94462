package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.userlink.local.LambdaCredentialsEndpoint;
import io.userlink.local.iam.AccessKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A SnapStart function's role credentials, served as Lambda serves them (the local runtime's endpoint). */
class RoleCredentialsTest {

    /** The endpoint and the token, which the SDK reads from system properties before Lambda's variables. */
    private static final List<SdkSystemSetting> ENDPOINT_SETTINGS = List.of(
            SdkSystemSetting.AWS_CONTAINER_CREDENTIALS_FULL_URI, SdkSystemSetting.AWS_CONTAINER_AUTHORIZATION_TOKEN);

    @AfterEach
    void forgetTheEndpoint() {
        ENDPOINT_SETTINGS.forEach(setting -> System.clearProperty(setting.property()));
    }

    @Test
    void resolveCredentialsWhenRestoredThenTheFirstCallFetchesAnewAndLaterCallsReuseThem() {
        AccessKey role = AccessKey.temporary();
        try (LambdaCredentialsEndpoint endpoint = LambdaCredentialsEndpoint.start()) {
            Map<String, String> variables = endpoint.serve(role);
            ENDPOINT_SETTINGS.forEach(setting -> System.setProperty(setting.property(),
                    variables.get(setting.environmentVariable())));
            RoleCredentials credentials = new RoleCredentials();

            // before the snapshot: one fetch serves every call
            AwsCredentials beforeTheSnapshot = credentials.resolveCredentials();
            assertEquals(role.id(), beforeTheSnapshot.accessKeyId());
            assertSame(beforeTheSnapshot, credentials.resolveCredentials());

            credentials.afterRestore(null);

            // after the restore: the first call fetches, though the snapshot's credentials are valid for hours
            AwsCredentials restored = credentials.resolveCredentials();
            assertNotSame(beforeTheSnapshot, restored);
            assertEquals(role.id(), restored.accessKeyId());
            assertSame(restored, credentials.resolveCredentials());
        }
    }

    @Test
    void buildWhenLambdaServesTheRolesCredentialsThenEveryClientSharesOneProvider() {
        // No call is made: the endpoint is never reached.
        Map<String, String> variables = Map.of("AWS_REGION", "eu-west-1",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/2021-04-23/credentials");
        AwsClients clients = new AwsClients(variables::get, UrlConnectionHttpClient.create());

        try (DynamoDbClient dynamoDb = clients.build(DynamoDbClient.builder(), "AWS_ENDPOINT_URL_DYNAMODB");
             SecretsManagerClient secretsManager = clients.build(SecretsManagerClient.builder(),
                     "AWS_ENDPOINT_URL_SECRETS_MANAGER")) {
            assertInstanceOf(RoleCredentials.class, dynamoDb.serviceClientConfiguration().credentialsProvider());
            assertSame(dynamoDb.serviceClientConfiguration().credentialsProvider(),
                    secretsManager.serviceClientConfiguration().credentialsProvider());
        }
    }
}
