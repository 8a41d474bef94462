package io.userlink.storage.dynamodb;

import io.userlink.identity.CodeRedemption;
import io.userlink.identity.Transition;
import io.userlink.identity.UserWrite;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.user.EmailAddress;
import io.userlink.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The writes of one {@link Transition}, each conditioned on what the transition was computed from: the user
 * item under its version (or absence), installs under theirs, the external id claimed or released under its
 * owner, the code consumed only if unused.
 */
final class TransitionWrites {

    /** DynamoDB's limit of actions in one transaction. */
    static final int MAX_TRANSACTION_ACTIONS = 100;

    private final String table;
    private final Instant now;
    private final List<TransactWriteItem> actions = new ArrayList<>();

    private TransitionWrites(String table, Instant now) {
        this.table = table;
        this.now = now;
    }

    /** The actions of {@code transition}, in one list for {@code TransactWriteItems}. */
    static List<TransactWriteItem> of(Transition transition, String table, Instant now) {
        TransitionWrites writes = new TransitionWrites(table, now);
        transition.user().ifPresent(write -> writes.underUser(transition, write));
        for (Install install : transition.installs()) {
            writes.actions.add(versionedPut(table, InstallItems.toItem(install), install.version()));
        }
        for (Transition.InstallCopy copy : transition.installCopies()) {
            if (copy.listed()) {
                writes.put(InstallItems.toUserItem(copy.userId(), copy.install()), null);
            } else {
                writes.actions.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(Keys.userInstall(copy.userId(), copy.install().installId())).build()).build());
            }
        }
        transition.newFamily().ifPresent(family -> writes.put(RefreshFamilyItems.toItem(family), "attribute_not_exists(pk)"));
        transition.newMailToken().ifPresent(token -> writes.actions.add(MailItems.newToken(table, token)));
        transition.mail().ifPresent(mail -> writes.actions.addAll(MailItems.newMail(table, mail)));
        for (Transition.FamilyRevocation revoked : transition.revokeFamilies()) {
            writes.actions.add(TransactWriteItem.builder().update(RefreshFamilyItems.revocationInTransaction(table,
                    revoked.familyId(), revoked.reason(), now)).build());
        }
        return List.copyOf(writes.actions);
    }

    /**
     * Refuses actions that DynamoDB would not take as one transaction: none, more than its limit, or one item named
     * twice. DynamoDB refuses the last as malformed before it reads a condition; DynamoDB Local only once every
     * condition held, and as a cancelled transaction when one did not, which a caller reads as a conflict and retries.
     * Refused here, before either sees it, it is the caller's fault on every engine.
     */
    static void requireOneTransaction(List<TransactWriteItem> actions) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a transaction needs at least one action");
        }
        if (actions.size() > MAX_TRANSACTION_ACTIONS) {
            throw new IllegalArgumentException("a transition of " + actions.size() + " writes exceeds one transaction");
        }
        Set<Map<String, AttributeValue>> items = new HashSet<>();
        for (TransactWriteItem action : actions) {
            Map<String, AttributeValue> key = keyOf(action);
            if (!items.add(key)) {
                throw new IllegalArgumentException("a transition names an item twice (sort key " + key.get(Keys.SK).s() + ")");
            }
        }
    }

    private static Map<String, AttributeValue> keyOf(TransactWriteItem action) {
        if (action.put() != null) {
            return Map.of(Keys.PK, action.put().item().get(Keys.PK), Keys.SK, action.put().item().get(Keys.SK));
        }
        if (action.update() != null) {
            return action.update().key();
        }
        if (action.delete() != null) {
            return action.delete().key();
        }
        return action.conditionCheck().key();
    }

    /** The writes under a user: the user item, its external id, bindings, code, history. */
    private void underUser(Transition transition, UserWrite write) {
        User user = write.user();
        switch (write) {
            case UserWrite.Create create -> {
                put(UserItems.toItem(user), "attribute_not_exists(pk)");
                actions.add(newClaim(table, identifierKey(user), user));
                // An account registered before addresses' domains were read as Unicode holds its claim in that spelling.
                user.email().flatMap(EmailAddress::idnaSpelling)
                        .ifPresent(spelling -> check(Keys.email(user.appId(), spelling), "attribute_not_exists(pk)"));
                if (user.email().isPresent()) {
                    put(AccountItems.toItem(transition.newAccount().orElseThrow(() ->
                            new IllegalArgumentException("a user created with an email needs its account"))),
                            "attribute_not_exists(pk)");
                }
            }
            case UserWrite.Replace replace -> {
                actions.add(versionedPut(table, UserItems.toItem(user), user.version()));
                if (user.isDeleted()) {
                    // Its creation in the stream has the deletion finished in the background; the purge removes it.
                    put(Item.withKey(Keys.deletion(user.userId())).put("app_id", user.appId()), "attribute_not_exists(pk)");
                    // Listed, for the person on call to find should the background fail; the purge removes it last.
                    put(Item.withKey(Keys.listedDeletion(user.userId())).put("app_id", user.appId()),
                            "attribute_not_exists(pk)");
                }
            }
            case UserWrite.Check check -> check(Keys.user(user.userId()), "attribute_exists(pk) AND attribute_not_exists(deleted_at)");
        }
        transition.releasedIdentifierOf().ifPresent(deleted -> {
            actions.add(releasedClaim(table, identifierKey(deleted), deleted.userId()));
            if (deleted.email().isPresent()) {
                actions.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(Keys.account(deleted.userId())).build()).build());
            }
        });
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
            put(UserItems.historyItem(user.userId(), user.version(), sequence, transition.history().get(sequence)),
                    "attribute_not_exists(pk)");
        }
    }

    private void check(Map<String, AttributeValue> key, String condition) {
        actions.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key)
                .conditionExpression(condition).build()).build());
    }

    /** The claim at {@code key} of what it names (an external id, an address) for {@code user}, only where none is. */
    static TransactWriteItem newClaim(String table, Map<String, AttributeValue> key, User user) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Item.withKey(key).put("user_id", user.userId()).put("app_id", user.appId()).attributes())
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /** The claim at {@code key} released, only while it names {@code userId}. */
    static TransactWriteItem releasedClaim(String table, Map<String, AttributeValue> key, String userId) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key)
                .conditionExpression("user_id = :user")
                .expressionAttributeValues(Map.of(":user", AttributeValue.fromS(userId))).build()).build();
    }

    /** A put of {@code item} at {@code version}, only over the version before it. */
    static TransactWriteItem versionedPut(String table, Item item, long version) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item.attributes())
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(version - 1))))
                .build()).build();
    }

    /** The claim item of what names {@code user} in its app: its external id, or its account's email. */
    private static Map<String, AttributeValue> identifierKey(User user) {
        return user.email().map(email -> Keys.email(user.appId(), email))
                .orElseGet(() -> Keys.externalId(user.appId(), user.externalId().orElseThrow()));
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

    /** A put under {@code condition} (none when null). */
    private void put(Item item, String condition) {
        Put.Builder put = Put.builder().tableName(table).item(item.attributes());
        if (condition != null) {
            put.conditionExpression(condition);
        }
        actions.add(TransactWriteItem.builder().put(put.build()).build());
    }
}
