package io.userlink.storage.dynamodb;

import io.userlink.account.AccountChange;
import io.userlink.account.AccountStore;
import io.userlink.mail.MailToken;
import io.userlink.user.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

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

    @Override
    public Optional<MailToken> findToken(String tokenId) {
        return Item.getConsistent(dynamoDb, table, Keys.mailToken(tokenId)).map(MailItems::token);
    }

    @Override
    public boolean commit(AccountChange change) {
        List<TransactWriteItem> actions = new ArrayList<>();
        change.replaced().ifPresent(account -> actions.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(AccountItems.toItem(account).attributes())
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(account.version() - 1))))
                .build()).build()));
        change.newToken().ifPresent(token -> actions.add(MailItems.newToken(table, token)));
        change.usedTokenId().ifPresent(tokenId -> actions.add(MailItems.usedToken(table, tokenId)));
        change.mail().ifPresent(mail -> actions.add(MailItems.newMail(table, mail)));
        // A change that lost to another is reported before the translation of throttling into a 503 sees it.
        return DynamoDbErrors.translated(() -> {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(actions));
                return true;
            } catch (TransactionCanceledException e) {
                if (DynamoDbErrors.cancelledByChange(e)) {
                    return false;
                }
                throw e;
            } catch (TransactionConflictException e) {
                return false;
            }
        });
    }
}
