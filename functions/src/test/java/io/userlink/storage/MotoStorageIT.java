package io.userlink.storage;

import io.userlink.local.LocalDynamoDb;
import io.userlink.local.SamTemplate;
import io.userlink.support.MotoServer;
import io.userlink.support.TestAws;
import io.userlink.support.TestUserlink;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The storage contract against moto's server, an AWS emulator written independently of our stand-ins. Each test has a
 * table of its own: moto's writes slow down as its table fills (the class took 41 s on one shared table, its tests
 * writing hundreds of items).
 */
class MotoStorageIT extends StorageContract {

    private TestUserlink userlink;

    @BeforeEach
    void setUp() {
        String table = "userlink-" + UUID.randomUUID();
        try (DynamoDbClient dynamoDb = TestAws.dynamoDb(MotoServer.endpoint(), MotoServer.ANY_KEY)) {
            LocalDynamoDb.createTable(dynamoDb, SamTemplate.read(TestAws.template()), table);
        }
        userlink = TestUserlink.on(MotoServer.endpoint(), MotoServer.ANY_KEY, table);
    }

    @Override
    protected TestUserlink userlink() {
        return userlink;
    }
}
