package io.userlink.storage;

import io.userlink.local.LocalDynamoDb;
import io.userlink.local.SamTemplate;
import io.userlink.local.iam.AccessKey;
import io.userlink.support.CallRecorder;
import io.userlink.support.TestAws;
import io.userlink.support.TestUserlink;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The storage contract against LocalStack (DynamoDB and Secrets Manager), when a Docker engine is present.
 * Without one, JUnit reports these tests as skipped. 4.14.0 is the newest LocalStack tag that runs
 * without an auth token.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackStorageIT extends StorageContract {

    private static final String TABLE = "userlink";
    /** LocalStack accepts any key. */
    private static final AccessKey ANY_KEY = new AccessKey("test", "test", Optional.empty());

    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.14.0"))
                    .withServices("dynamodb", "secretsmanager");

    private TestUserlink userlink;

    @BeforeAll
    static void createTable() {
        try (var client = TestAws.dynamoDb(LOCALSTACK.getEndpoint(), ANY_KEY, new CallRecorder())) {
            LocalDynamoDb.createTable(client, SamTemplate.read(TestAws.template()), TABLE);
        }
    }

    @BeforeEach
    void setUp() {
        userlink = TestUserlink.on(LOCALSTACK.getEndpoint(), ANY_KEY, TABLE);
    }

    @Override
    protected TestUserlink userlink() {
        return userlink;
    }
}
