package io.userlink.support;

import io.userlink.local.LocalAws;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.SamTemplate;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The local AWS stand-ins, started once per test JVM and stopped when it exits: DynamoDB Local with the
 * table of {@code template.yaml}, and the Secrets Manager endpoint. Tests isolate themselves by random ids.
 */
public final class TestAws {

    private static final Path TEMPLATE = SamTemplate.locate(Path.of(""));
    private static volatile Endpoints endpoints;

    /** Where the stand-ins listen; the same for every test in this JVM. */
    public record Endpoints(URI dynamoDb, URI secretsManager, String tableName) {}

    private TestAws() {}

    public static Path template() {
        return TEMPLATE;
    }

    public static synchronized Endpoints local() {
        if (endpoints == null) {
            LocalAws local = LocalAws.start(TEMPLATE);
            Runtime.getRuntime().addShutdownHook(new Thread(local::close));
            endpoints = new Endpoints(local.dynamoDb().endpoint(), local.secretsManager().endpoint(),
                    LocalAws.TABLE_NAME);
        }
        return endpoints;
    }

    public static DynamoDbClient dynamoDb(URI endpoint, CallRecorder recorder) {
        return LocalAwsClients.build(DynamoDbClient.builder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)), endpoint);
    }

    public static SecretsManagerClient secretsManager(URI endpoint, CallRecorder recorder) {
        return LocalAwsClients.build(SecretsManagerClient.builder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)), endpoint);
    }
}
