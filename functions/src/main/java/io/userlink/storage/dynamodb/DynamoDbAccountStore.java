package io.userlink.storage.dynamodb;

import io.userlink.account.AccountChange;
import io.userlink.account.AccountStore;
import io.userlink.account.AddressMove;
import io.userlink.mail.MailToken;
import io.userlink.user.Account;
import io.userlink.user.User;
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
        change.replaced().ifPresent(account -> actions.add(TransitionWrites.versionedPut(table,
                AccountItems.toItem(account), account.version())));
        change.newToken().ifPresent(token -> actions.add(MailItems.newToken(table, token)));
        change.usedTokenId().ifPresent(tokenId -> actions.add(MailItems.usedToken(table, tokenId)));
        change.mail().ifPresent(mail -> actions.addAll(MailItems.newMail(table, mail)));
        return transact(actions) == WriteOutcome.WRITTEN;
    }

    @Override
    public WriteOutcome moveAddress(AddressMove move) {
        User user = move.user();
        Account account = move.account();
        List<TransactWriteItem> actions = new ArrayList<>(List.of(
                TransitionWrites.versionedPut(table, UserItems.toItem(user), user.version()),
                TransitionWrites.versionedPut(table, AccountItems.toItem(account), account.version()),
                TransitionWrites.releasedClaim(table, Keys.email(user.appId(), move.oldAddress()), user.userId()),
                TransitionWrites.newClaim(table, Keys.email(user.appId(), account.email()), user)));
        actions.addAll(MailItems.newMail(table, move.notice()));
        move.usedTokenId().ifPresent(tokenId -> actions.add(MailItems.usedToken(table, tokenId)));
        move.undoToken().ifPresent(token -> actions.add(MailItems.newToken(table, token)));
        return transact(actions);
    }

    /**
     * Writes {@code actions} in one transaction: {@code WRITTEN} when it committed, {@code ADDRESS_TAKEN} when a new
     * claim of an address found one there, else {@code CHANGED_MEANWHILE} when it lost to another change.
     */
    private WriteOutcome transact(List<TransactWriteItem> actions) {
        // A change that lost to another is reported before the translation of throttling into a 503 sees it.
        return DynamoDbErrors.translated(() -> {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(actions));
                return WriteOutcome.WRITTEN;
            } catch (TransactionCanceledException e) {
                if (claimTaken(actions, e)) {
                    return WriteOutcome.ADDRESS_TAKEN;
                }
                if (DynamoDbErrors.cancelledByChange(e)) {
                    return WriteOutcome.CHANGED_MEANWHILE;
                }
                throw e;
            } catch (TransactionConflictException e) {
                return WriteOutcome.CHANGED_MEANWHILE;
            }
        });
    }

    /** Whether the transaction was cancelled because a claim it put of an address was there already. */
    private static boolean claimTaken(List<TransactWriteItem> actions, TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return false;
        }
        for (int i = 0; i < actions.size() && i < e.cancellationReasons().size(); i++) {
            Put put = actions.get(i).put();
            if (put != null && put.item().get(Keys.SK).s().equals(Keys.EMAIL_ITEM)
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(i).code())) {
                return true;
            }
        }
        return false;
    }
}
