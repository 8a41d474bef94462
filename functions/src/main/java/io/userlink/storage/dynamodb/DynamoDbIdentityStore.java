package io.userlink.storage.dynamodb;

import io.userlink.code.AuthCode;
import io.userlink.identity.CodeRedemption;
import io.userlink.identity.ConcurrentChangeException;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.Transition;
import io.userlink.identity.UserRecord;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.user.HistoryEntry;
import io.userlink.user.HistoryEvent;
import io.userlink.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Identity state in DynamoDB. A {@link Transition} becomes one {@code TransactWriteItems}: the user item put
 * under its version (or absence), installs under theirs, the external id claimed or released under its
 * owner, the code consumed only if unused; a failed condition is a {@link ConcurrentChangeException}.
 */
public final class DynamoDbIdentityStore implements IdentityStore {

    /** DynamoDB's limit of actions in one transaction. */
    static final int MAX_TRANSACTION_ACTIONS = 100;
    private static final int BATCH_WRITE_LIMIT = 25;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbIdentityStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
    }

    @Override
    public Optional<Install> findInstall(String installId) {
        return get(Keys.install(installId)).map(InstallItems::fromItem);
    }

    @Override
    public Optional<User> findUser(String userId) {
        return get(Keys.user(userId)).map(DynamoDbIdentityStore::userFromItem);
    }

    @Override
    public Optional<String> findUserIdByExternalId(String appId, String externalId) {
        return get(Keys.externalId(appId, externalId)).map(item -> item.string("user_id"));
    }

    @Override
    public Optional<UserRecord> findUserRecord(String userId) {
        User user = null;
        List<Install> installs = new ArrayList<>();
        List<HistoryEntry> history = new ArrayList<>();
        for (Map<String, AttributeValue> attributes : userPartition(userId)) {
            Item item = Item.of(attributes);
            String sortKey = item.string(Keys.SK);
            if (sortKey.equals(Keys.USER_ITEM)) {
                user = userFromItem(item);
            } else if (sortKey.startsWith(Keys.USER_INSTALL_PREFIX)) {
                installs.add(InstallItems.fromItem(item));
            } else if (sortKey.startsWith(Keys.HISTORY_PREFIX)) {
                history.add(new HistoryEntry(Instant.ofEpochMilli(item.number("at_ms")),
                        HistoryEvent.valueOf(item.string("event")), item.string("install_id"),
                        item.optionalString("reason").map(InactiveReason::valueOf)));
            }
        }
        return user == null || user.isDeleted() ? Optional.empty() : Optional.of(new UserRecord(user, installs, history));
    }

    @Override
    public Optional<AuthCode> findCode(String codeHash) {
        return get(Keys.code(codeHash)).map(item -> new AuthCode(codeHash, item.string("app_id"),
                item.string("external_id"), item.instant("created_at"), item.instant(Keys.EXPIRES_AT),
                item.optionalString("redeemed_by").map(installId -> new CodeRedemption(codeHash, installId,
                        item.string("redeemed_user_id"), item.bool("redeemed_created"),
                        item.optionalString("redeemed_family_id"), item.instant("redeemed_at")))));
    }

    @Override
    public void createCode(AuthCode code) {
        Item item = Item.withKey(Keys.code(code.codeHash()))
                .put("app_id", code.appId())
                .put("external_id", code.externalId())
                .put("created_at", code.createdAt())
                .put(Keys.EXPIRES_AT, code.expiresAt());
        DynamoDbErrors.translated(() -> dynamoDb.putItem(r -> r.tableName(table).item(item.attributes())
                .conditionExpression("attribute_not_exists(pk)")));
    }

    @Override
    public void commit(Transition transition) {
        List<TransactWriteItem> actions = actions(transition);
        if (actions.size() > MAX_TRANSACTION_ACTIONS) {
            throw new IllegalArgumentException("a transition of " + actions.size() + " writes exceeds one transaction");
        }
        // Conflicts become ConcurrentChangeException (the service retries from its reads) before the
        // translation of throttling into a 503 sees them.
        DynamoDbErrors.translated(() -> {
            try {
                return dynamoDb.transactWriteItems(r -> r.transactItems(actions));
            } catch (TransactionCanceledException e) {
                if (e.hasCancellationReasons() && e.cancellationReasons().stream()
                        .anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code())
                                || "TransactionConflict".equals(reason.code()))) {
                    throw new ConcurrentChangeException("something a transition read changed concurrently");
                }
                throw e;
            } catch (TransactionConflictException e) {
                throw new ConcurrentChangeException("a transition conflicted with another one");
            }
        });
    }

    @Override
    public void purge(String userId) {
        List<WriteRequest> deletes = new ArrayList<>();
        for (Map<String, AttributeValue> item : userPartition(userId)) {
            if (!Keys.USER_ITEM.equals(item.get(Keys.SK).s())) {
                deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(Map.of(Keys.PK, item.get(Keys.PK),
                        Keys.SK, item.get(Keys.SK)))).build());
            }
        }
        for (int start = 0; start < deletes.size(); start += BATCH_WRITE_LIMIT) {
            Map<String, List<WriteRequest>> batch = Map.of(table,
                    deletes.subList(start, Math.min(deletes.size(), start + BATCH_WRITE_LIMIT)));
            while (!batch.isEmpty()) {
                Map<String, List<WriteRequest>> pending = batch;
                // Unprocessed items come back under throttling; the SDK's retries already backed off.
                batch = DynamoDbErrors.translated(() -> dynamoDb.batchWriteItem(r -> r.requestItems(pending))).unprocessedItems();
            }
        }
    }

    private List<TransactWriteItem> actions(Transition transition) {
        List<TransactWriteItem> actions = new ArrayList<>();
        transition.user().ifPresent(user -> userActions(transition, user, actions));
        for (Install install : transition.installs()) {
            actions.add(put(InstallItems.toItem(install), "version = :expected", install.version() - 1));
        }
        transition.newFamily().ifPresent(family -> actions.add(put(RefreshFamilyItems.toItem(family),
                "attribute_not_exists(pk)", 0)));
        for (Transition.FamilyRevocation revoked : transition.revokeFamilies()) {
            var revocation = RefreshFamilyItems.revocation(table, revoked.familyId(), revoked.reason());
            actions.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(revocation.key())
                    .updateExpression(revocation.updateExpression())
                    .expressionAttributeValues(revocation.expressionAttributeValues()).build()).build());
        }
        return actions;
    }

    /** The writes under a user: the user item, its external id, its install copies, bindings, code, history. */
    private void userActions(Transition transition, User user, List<TransactWriteItem> actions) {
        if (transition.userCheckedOnly()) {
            actions.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                    .key(Keys.user(user.userId()))
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(deleted_at)").build()).build());
        } else {
            actions.add(put(userToItem(user), user.version() == 1 ? "attribute_not_exists(pk)" : "version = :expected",
                    user.version() - 1));
        }
        if (transition.claimExternalId()) {
            String externalId = user.externalId().orElseThrow();
            actions.add(put(Item.withKey(Keys.externalId(user.appId(), externalId)).put("user_id", user.userId())
                    .put("app_id", user.appId()), "attribute_not_exists(pk)", 0));
        }
        transition.releasedExternalId().ifPresent(externalId -> actions.add(TransactWriteItem.builder()
                .delete(Delete.builder().tableName(table)
                        .key(Keys.externalId(user.appId(), externalId))
                        .conditionExpression("user_id = :user")
                        .expressionAttributeValues(Map.of(":user", AttributeValue.fromS(user.userId()))).build())
                .build()));
        for (Install install : transition.installs()) {
            boolean stillTheUsers = install.userId().filter(user.userId()::equals).isPresent()
                    && install.state() != InstallState.DELETED;
            actions.add(stillTheUsers
                    ? put(InstallItems.toUserItem(user.userId(), install), null, 0)
                    : TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(Keys.userInstall(user.userId(), install.installId())).build()).build());
        }
        for (Transition.Deactivation deactivation : transition.deactivations()) {
            actions.add(deactivation(Keys.install(deactivation.installId()), deactivation,
                    "#state = :active AND user_id = :user", Map.of(
                            ":active", AttributeValue.fromS(InstallState.ACTIVE.name()),
                            ":user", AttributeValue.fromS(user.userId()))));
            actions.add(deactivation(Keys.userInstall(user.userId(), deactivation.installId()), deactivation,
                    "attribute_exists(pk)", Map.of()));
        }
        transition.bindFamilyToUser().ifPresent(familyId -> actions.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table).key(Keys.family(familyId))
                .updateExpression("SET user_id = :user")
                .conditionExpression("attribute_exists(pk) AND revoked = :false")
                .expressionAttributeValues(Map.of(":user", AttributeValue.fromS(user.userId()),
                        ":false", AttributeValue.fromBool(false))).build()).build()));
        transition.consumeCode().ifPresent(redemption -> actions.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table).key(Keys.code(redemption.codeHash()))
                .updateExpression("SET redeemed_by = :install, redeemed_user_id = :user, redeemed_created = :created,"
                        + " redeemed_at = :at" + (redemption.familyId().isPresent() ? ", redeemed_family_id = :family" : ""))
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(redeemed_by)")
                .expressionAttributeValues(codeValues(redemption)).build()).build()));
        for (int sequence = 0; sequence < transition.history().size(); sequence++) {
            HistoryEntry entry = transition.history().get(sequence);
            actions.add(put(Item.withKey(Keys.history(user.userId(), entry.at().toEpochMilli(), user.version(),
                    entry.installId(), sequence))
                    .put("at_ms", entry.at().toEpochMilli())
                    .put("event", entry.event().name())
                    .put("install_id", entry.installId())
                    .put("reason", entry.reason().map(Enum::name)), "attribute_not_exists(pk)", 0));
        }
    }

    /**
     * Ends an active install in place, without reading it: the state, reason and time a read-modify-write
     * would give it, and its version raised. {@code condition} may name the state as {@code #state}.
     */
    private TransactWriteItem deactivation(Map<String, AttributeValue> key, Transition.Deactivation deactivation,
                                           String condition, Map<String, AttributeValue> conditionValues) {
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.put(":deactivated", AttributeValue.fromS(InstallState.DEACTIVATED.name()));
        values.put(":reason", AttributeValue.fromS(deactivation.reason().name()));
        values.put(":at", AttributeValue.fromN(Long.toString(deactivation.at().getEpochSecond())));
        values.put(":one", AttributeValue.fromN("1"));
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
                .updateExpression("SET #state = :deactivated, inactive_reason = :reason, deactivated_at = :at,"
                        + " version = version + :one")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values).build()).build();
    }

    private static Map<String, AttributeValue> codeValues(CodeRedemption redemption) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":install", AttributeValue.fromS(redemption.installId()),
                ":user", AttributeValue.fromS(redemption.userId()),
                ":created", AttributeValue.fromBool(redemption.created()),
                ":at", AttributeValue.fromN(Long.toString(redemption.at().getEpochSecond()))));
        redemption.familyId().ifPresent(family -> values.put(":family", AttributeValue.fromS(family)));
        return values;
    }

    private TransactWriteItem put(Item item, String condition, long expectedVersion) {
        Put.Builder put = Put.builder().tableName(table).item(item.attributes());
        if (condition != null) {
            put.conditionExpression(condition);
            if (condition.contains(":expected")) {
                put.expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion))));
            }
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private Optional<Item> get(Map<String, AttributeValue> key) {
        var response = DynamoDbErrors.translated(() -> dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(Item.of(response.item())) : Optional.empty();
    }

    private Iterable<Map<String, AttributeValue>> userPartition(String userId) {
        return DynamoDbErrors.translated(() -> dynamoDb.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.USER_PARTITION + userId))))
                .items().stream().toList());
    }

    private static Item userToItem(User user) {
        return Item.withKey(Keys.user(user.userId()))
                .put("user_id", user.userId())
                .put("app_id", user.appId())
                .put("external_id", user.externalId())
                .put("created_at", user.createdAt())
                .put("active_install_id", user.activeInstallId())
                .put("active_device_class", user.activeDeviceClass().map(Enum::name))
                .put("active_family_id", user.activeFamilyId())
                .putInstant("deleted_at", user.deletedAt())
                .put("version", user.version());
    }

    private static User userFromItem(Item item) {
        return new User(item.string("user_id"), item.string("app_id"), item.optionalString("external_id"),
                item.instant("created_at"), item.optionalString("active_install_id"),
                item.optionalString("active_device_class").map(DeviceClass::valueOf),
                item.optionalString("active_family_id"), item.optionalInstant("deleted_at"), item.number("version"));
    }
}
