package io.userlink.support;

import io.userlink.local.LocalAws;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.SamTemplate;
import io.userlink.local.iam.AccessKey;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The local AWS account, started once per test JVM and stopped when it exits: DynamoDB Local with the table
 * of {@code template.yaml} and the local Secrets Manager, behind the gateway that checks every call. Tests act
 * as its harness principal, which may do anything, and isolate themselves by random ids.
 */
public final class TestAws {

    private static final Path TEMPLATE = SamTemplate.locate(Path.of(""));
    private static volatile LocalAws local;

    private TestAws() {}

    public static Path template() {
        return TEMPLATE;
    }

    /** The account; the same for every test in this JVM. */
    public static synchronized LocalAws local() {
        if (local == null) {
            LocalAws started = LocalAws.start(TEMPLATE);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            local = started;
        }
        return local;
    }

    /** The harness's key: what tests sign with. */
    public static AccessKey harnessKey() {
        return local().principal(LocalAws.HARNESS).key();
    }

    public static DynamoDbClient dynamoDb(URI endpoint, AccessKey key, ExecutionInterceptor... interceptors) {
        return LocalAwsClients.build(DynamoDbClient.builder()
                .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors))), endpoint, key);
    }

    public static SecretsManagerClient secretsManager(URI endpoint, AccessKey key, ExecutionInterceptor... interceptors) {
        return LocalAwsClients.build(SecretsManagerClient.builder()
                .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors))), endpoint, key);
    }
}
