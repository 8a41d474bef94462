package io.userlink.storage.dynamodb;

import io.userlink.identity.ConcurrentChangeException;
import io.userlink.identity.HistoryPosition;
import io.userlink.identity.HistoryWindow;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.Transition;
import io.userlink.identity.UserInstalls;
import io.userlink.identity.UserRecord;
import io.userlink.install.Install;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.HistoryEntry;
import io.userlink.user.User;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Identity state in DynamoDB. A {@link Transition} becomes one {@code TransactWriteItems} (see
 * {@link TransitionWrites}); a failed condition is a {@link ConcurrentChangeException}.
 */
public final class DynamoDbIdentityStore implements IdentityStore {

    private static final int BATCH_WRITE_LIMIT = 25;
    /**
     * Room in a page of a user's partition, read newest first, for the user item and its installs' copies, which come
     * before the history: a user with up to this many installs has its window and the entry beyond it in one page.
     */
    private static final int ITEMS_BEFORE_HISTORY = 32;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final InstantSource clock;

    public DynamoDbIdentityStore(DynamoDbClient dynamoDb, String table, InstantSource clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
        this.clock = Objects.requireNonNull(clock);
    }


    @Override
    public Optional<Install> findInstall(String installId) {
        return Item.getConsistent(dynamoDb, table, Keys.install(installId)).map(InstallItems::fromItem);
    }

    @Override
    public Optional<User> findUser(String userId) {
        return Item.getConsistent(dynamoDb, table, Keys.user(userId)).map(UserItems::fromItem);
    }

    @Override
    public Optional<String> findUserIdByExternalId(String appId, String externalId) {
        return Item.getConsistent(dynamoDb, table, Keys.externalId(appId, externalId)).map(item -> item.string("user_id"));
    }

    /**
     * Reads the claim under the address's IDNA spelling too, where it has one (see {@link EmailAddress#idnaSpelling}),
     * and reads it whether or not the first read found the address: a known and an unknown address cost the same.
     */
    @Override
    public Optional<String> findUserIdByEmail(String appId, EmailAddress email) {
        Optional<String> owner = claimant(Keys.email(appId, email));
        Optional<String> formerOwner = email.idnaSpelling().flatMap(spelling -> claimant(Keys.email(appId, spelling)));
        return owner.or(() -> formerOwner);
    }

    private Optional<String> claimant(Map<String, AttributeValue> claimKey) {
        return Item.getConsistent(dynamoDb, table, claimKey).map(item -> item.string("user_id"));
    }

    /**
     * Reads the partition newest first (the user item, the installs' copies, then the history from its newest entry),
     * and stops at the first entry beyond the window: an account, which sorts after the history, is then read by
     * itself. A window that begins before a cursor reads the user item and the copies first, which sort after it.
     */
    @Override
    public Optional<UserRecord> findUserRecord(String userId, HistoryWindow window) {
        AttributeValue partition = AttributeValue.fromS(Keys.USER_PARTITION + userId);
        Optional<HistoryPosition> before = window.before();
        Optional<UserInstalls> held = Optional.empty();
        if (before.isPresent()) {
            held = findUserInstalls(userId).filter(found -> !found.user().isDeleted());
            if (held.isEmpty()) {
                return Optional.empty();
            }
        }
        String condition = before.isPresent() ? "pk = :pk AND sk < :before" : "pk = :pk";
        Map<String, AttributeValue> values = before.map(position -> Map.of(":pk", partition,
                ":before", AttributeValue.fromS(Keys.historySortKey(position)))).orElse(Map.of(":pk", partition));
        UserRecordReading reading = new UserRecordReading(window.limit(), held);
        boolean historyCut = DynamoDbErrors.translated(() -> {
            for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression(condition).expressionAttributeValues(values).scanIndexForward(false)
                    .limit(window.limit() + 1 + ITEMS_BEFORE_HISTORY)).items()) {
                if (!reading.add(item)) {
                    return true;
                }
            }
            return false;
        });
        if (historyCut) {
            reading.account = Item.getConsistent(dynamoDb, table, Keys.account(userId)).map(AccountItems::fromItem);
        }
        return reading.record(historyCut);
    }

    /** A user record as its partition's items come. */
    private static final class UserRecordReading {
        private final int historyLimit;
        private User user;
        private Optional<Account> account = Optional.empty();
        private final List<Install> installs = new ArrayList<>();
        private final List<HistoryEntry> newestFirst = new ArrayList<>();
        private HistoryPosition oldestRead;

        /** @param held the user and its installs when they were read before, as a read from a cursor needs */
        UserRecordReading(int historyLimit, Optional<UserInstalls> held) {
            this.historyLimit = historyLimit;
            held.ifPresent(read -> {
                user = read.user();
                installs.addAll(read.installs());
            });
        }

    /** Takes one item; false for a history entry beyond the limit, older than every entry taken. */
        boolean add(Map<String, AttributeValue> attributes) {
            Item item = Item.of(attributes);
            String sortKey = item.string(Keys.SK);
            if (sortKey.equals(Keys.USER_ITEM)) {
                user = UserItems.fromItem(item);
            } else if (sortKey.equals(Keys.ACCOUNT_ITEM)) {
                account = Optional.of(AccountItems.fromItem(item));
            } else if (sortKey.startsWith(Keys.USER_INSTALL_PREFIX)) {
                installs.add(InstallItems.fromItem(item));
            } else if (sortKey.startsWith(Keys.HISTORY_PREFIX)) {
                if (newestFirst.size() == historyLimit) {
                    return false;
                }
                newestFirst.add(UserItems.historyFromItem(item));
                oldestRead = Keys.historyPosition(sortKey);
            }
            return true;
        }

        Optional<UserRecord> record(boolean earlierLeftOut) {
            if (user == null || user.isDeleted()) {
                return Optional.empty();
            }
            installs.sort(Comparator.comparing(Install::installId));
            return Optional.of(new UserRecord(user, account, installs, newestFirst.reversed(),
                    earlierLeftOut ? Optional.of(oldestRead) : Optional.empty()));
        }
    }

    @Override
    public Optional<UserInstalls> findUserInstalls(String userId) {
        User user = null;
        List<Install> installs = new ArrayList<>();
        // The installs' copies and then the user item end the partition's sort order (INSTALL#… < USER), after the
        // history (HISTORY#…): reading from the first copy on leaves the history unread.
        for (Map<String, AttributeValue> attributes : userPartitionFrom(userId, Keys.USER_INSTALL_PREFIX)) {
            Item item = Item.of(attributes);
            String sortKey = item.string(Keys.SK);
            if (sortKey.equals(Keys.USER_ITEM)) {
                user = UserItems.fromItem(item);
            } else if (sortKey.startsWith(Keys.USER_INSTALL_PREFIX)) {
                installs.add(InstallItems.fromItem(item));
            }
        }
        return Optional.ofNullable(user).map(found -> new UserInstalls(found, installs));
    }

    @Override
    public void commit(Transition transition) {
        List<TransactWriteItem> actions = TransitionWrites.of(transition, table, clock.instant());
        TransitionWrites.requireOneTransaction(actions);
        // Conflicts become ConcurrentChangeException (the service retries from its reads) before the
        // translation of throttling into a 503 sees them.
        DynamoDbErrors.translated(() -> {
            try {
                return dynamoDb.transactWriteItems(r -> r.transactItems(actions));
            } catch (TransactionCanceledException e) {
                if (DynamoDbErrors.cancelledByChange(e)) {
                    throw new ConcurrentChangeException("something a transition read changed concurrently");
                }
                throw e;
            } catch (TransactionConflictException e) {
                throw new ConcurrentChangeException("a transition conflicted with another one");
            }
        });
    }

    @Override
    public boolean purge(String userId) {
        List<WriteRequest> deletes = new ArrayList<>();
        List<WriteRequest> last = new ArrayList<>();
        for (Map<String, AttributeValue> item : userPartition(userId)) {
            String sortKey = item.get(Keys.SK).s();
            if (!Keys.USER_ITEM.equals(sortKey)) {
                // The record that the deletion began goes last: while it is there, the deletion has not finished.
                (Keys.DELETION_ITEM.equals(sortKey) ? last : deletes).add(WriteRequest.builder().deleteRequest(d -> d.key(
                        Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK)))).build());
            }
        }
        deletes.addAll(last);
        for (int start = 0; start < deletes.size(); start += BATCH_WRITE_LIMIT) {
            write(deletes.subList(start, Math.min(deletes.size(), start + BATCH_WRITE_LIMIT)));
        }
        // After the record it lists, so a deletion stays listed while it has not finished; even when nothing was left,
        // as a purge stopped between the two leaves the listing for the next purge to remove.
        write(List.of(WriteRequest.builder().deleteRequest(d -> d.key(Keys.listedDeletion(userId))).build()));
        return !deletes.isEmpty();
    }

    /** Writes {@code requests} in one batch, again for what DynamoDB leaves unprocessed. */
    private void write(List<WriteRequest> requests) {
        Map<String, List<WriteRequest>> batch = Map.of(table, requests);
        while (!batch.isEmpty()) {
            Map<String, List<WriteRequest>> pending = batch;
            // Unprocessed items come back under throttling; the SDK's retries already backed off.
            batch = DynamoDbErrors.translated(() -> dynamoDb.batchWriteItem(r -> r.requestItems(pending))).unprocessedItems();
        }
    }

    @Override
    public Optional<String> deletedUserIdOfKey(String partitionKey, String sortKey) {
        return Keys.DELETION_ITEM.equals(sortKey) && partitionKey != null && partitionKey.startsWith(Keys.USER_PARTITION)
                ? Optional.of(partitionKey.substring(Keys.USER_PARTITION.length())) : Optional.empty();
    }

    @Override
    public List<String> unfinishedDeletions() {
        return Item.listedIds(dynamoDb, table, Keys.DELETIONS_PARTITION, Keys.DELETION_LIST_PARTITIONS);
    }

    private List<Map<String, AttributeValue>> userPartition(String userId) {
        return queryUserPartition("pk = :pk", Map.of(":pk", AttributeValue.fromS(Keys.USER_PARTITION + userId)));
    }

    /** The items of a user's partition whose sort key is {@code firstSortKey} or after it. */
    private List<Map<String, AttributeValue>> userPartitionFrom(String userId, String firstSortKey) {
        return queryUserPartition("pk = :pk AND sk >= :first", Map.of(
                ":pk", AttributeValue.fromS(Keys.USER_PARTITION + userId), ":first", AttributeValue.fromS(firstSortKey)));
    }

    private List<Map<String, AttributeValue>> queryUserPartition(String keyCondition, Map<String, AttributeValue> values) {
        return DynamoDbErrors.translated(() -> dynamoDb.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression(keyCondition).expressionAttributeValues(values))
                .items().stream().toList());
    }
}
