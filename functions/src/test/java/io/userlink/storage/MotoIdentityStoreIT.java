package io.userlink.storage;

import io.userlink.identity.IdentityStore;
import io.userlink.identity.IdentityStoreContract;
import io.userlink.install.InstallStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.support.MotoServer;
import io.userlink.support.TestUserlink;
import org.junit.jupiter.api.BeforeEach;

/** The DynamoDB store against moto's server, an engine written independently of DynamoDB Local. */
class MotoIdentityStoreIT extends IdentityStoreContract {

    private TestUserlink userlink;

    @BeforeEach
    void setUp() {
        userlink = TestUserlink.on(MotoServer.endpoint(), MotoServer.ANY_KEY, MotoServer.TABLE);
    }

    @Override
    protected IdentityStore store() {
        return new DynamoDbIdentityStore(userlink.dynamoDb(), MotoServer.TABLE, userlink.clock());
    }

    @Override
    protected InstallStore installs() {
        return new DynamoDbInstallStore(userlink.dynamoDb(), MotoServer.TABLE);
    }
}
