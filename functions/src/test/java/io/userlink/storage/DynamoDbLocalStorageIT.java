package io.userlink.storage;

import io.userlink.support.TestUserlink;

/** The storage contract against DynamoDB Local and the local Secrets Manager endpoint (always runs). */
class DynamoDbLocalStorageIT extends StorageContract {

    private final TestUserlink userlink = TestUserlink.local();

    @Override
    protected TestUserlink userlink() {
        return userlink;
    }
}
