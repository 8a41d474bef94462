package io.userlink.storage;

import io.userlink.identity.IdentityStore;
import io.userlink.identity.IdentityStoreContract;
import io.userlink.install.InstallStore;
import io.userlink.local.LocalAws;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.support.MutableClock;
import io.userlink.support.TestAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB store against DynamoDB Local, held to the contract the in-memory store of the unit tests is. */
class DynamoDbLocalIdentityStoreIT extends IdentityStoreContract {

    private static final DynamoDbClient DYNAMO_DB = TestAws.dynamoDb(TestAws.local().endpoint(), TestAws.harnessKey());

    @Override
    protected IdentityStore store() {
        return new DynamoDbIdentityStore(DYNAMO_DB, LocalAws.TABLE_NAME, MutableClock.atNow());
    }

    @Override
    protected InstallStore installs() {
        return new DynamoDbInstallStore(DYNAMO_DB, LocalAws.TABLE_NAME);
    }
}
