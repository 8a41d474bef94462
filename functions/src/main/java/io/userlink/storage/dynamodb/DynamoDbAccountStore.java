package io.userlink.storage.dynamodb;

import io.userlink.account.AccountStore;
import io.userlink.user.Account;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Accounts in DynamoDB: {@code USER#<user id>} / {@code ACCOUNT}. Created and removed by the identity store's
 * transitions ({@link TransitionWrites}); changed here under the account's version.
 */
public final class DynamoDbAccountStore implements AccountStore {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbAccountStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
    }

    @Override
    public Optional<Account> find(String userId) {
        return Item.getConsistent(dynamoDb, table, Keys.account(userId)).map(AccountItems::fromItem);
    }

    @Override
    public boolean replace(Account account) {
        Item item = AccountItems.toItem(account);
        try {
            DynamoDbErrors.translated(() -> dynamoDb.putItem(r -> r.tableName(table).item(item.attributes())
                    .conditionExpression("version = :expected")
                    .expressionAttributeValues(Map.of(":expected",
                            AttributeValue.fromN(Long.toString(account.version() - 1))))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
