package io.userlink.storage;

import io.userlink.identity.IdentityStore;
import io.userlink.identity.IdentityStoreContract;
import io.userlink.install.InstallStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.support.MotoServer;
import io.userlink.support.MutableClock;
import io.userlink.support.TestAws;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB store against moto's server, an engine written independently of DynamoDB Local, on a table of its own
 * ({@link MotoServer#newTable}): its transactions of 100 items are slow on a table other contracts filled.
 */
class MotoIdentityStoreIT extends IdentityStoreContract {

    private static DynamoDbClient dynamoDb;
    private static String table;

    /** Skips the class where moto_server is not installed. */
    @BeforeAll
    static void connect() {
        dynamoDb = TestAws.dynamoDb(MotoServer.endpoint(), MotoServer.ANY_KEY);
        table = MotoServer.newTable();
    }

    @Override
    protected IdentityStore store() {
        return new DynamoDbIdentityStore(dynamoDb, table, MutableClock.atNow());
    }

    @Override
    protected InstallStore installs() {
        return new DynamoDbInstallStore(dynamoDb, table);
    }
}
