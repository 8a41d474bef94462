package io.userlink.storage;

import io.userlink.identity.IdentityStore;
import io.userlink.identity.IdentityStoreContract;
import io.userlink.install.InstallStore;
import io.userlink.local.LocalDynamoDb;
import io.userlink.local.SamTemplate;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.support.MotoServer;
import io.userlink.support.MutableClock;
import io.userlink.support.TestAws;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB store against moto's server, an engine written independently of DynamoDB Local, on a table of its own:
 * moto's transactions slow down as its table fills (a transaction of 100 items took 8-10 s on the table the storage
 * contract had filled, under 1.5 s on a fresh one).
 */
class MotoIdentityStoreIT extends IdentityStoreContract {

    private static final String TABLE = "userlink-identity-contract";
    private static DynamoDbClient dynamoDb;

    /** Skips the class where moto_server is not installed. */
    @BeforeAll
    static void connect() {
        dynamoDb = TestAws.dynamoDb(MotoServer.endpoint(), MotoServer.ANY_KEY);
        LocalDynamoDb.createTable(dynamoDb, SamTemplate.read(TestAws.template()), TABLE);
    }

    @Override
    protected IdentityStore store() {
        return new DynamoDbIdentityStore(dynamoDb, TABLE, MutableClock.atNow());
    }

    @Override
    protected InstallStore installs() {
        return new DynamoDbInstallStore(dynamoDb, TABLE);
    }
}
