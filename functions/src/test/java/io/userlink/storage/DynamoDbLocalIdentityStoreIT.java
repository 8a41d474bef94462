package io.userlink.storage;

import io.userlink.identity.IdentityStore;
import io.userlink.identity.IdentityStoreContract;
import io.userlink.install.InstallStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.support.TestUserlink;

/** The DynamoDB store against DynamoDB Local, held to the contract the in-memory store of the unit tests is. */
class DynamoDbLocalIdentityStoreIT extends IdentityStoreContract {

    private final TestUserlink userlink = TestUserlink.local();

    @Override
    protected IdentityStore store() {
        return new DynamoDbIdentityStore(userlink.dynamoDb(), table(), userlink.clock());
    }

    @Override
    protected InstallStore installs() {
        return new DynamoDbInstallStore(userlink.dynamoDb(), table());
    }

    private String table() {
        return userlink.components().settings().tableName();
    }
}
