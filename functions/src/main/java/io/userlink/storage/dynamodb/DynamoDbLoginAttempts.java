package io.userlink.storage.dynamodb;

import io.userlink.account.LoginAttempts;
import io.userlink.user.EmailAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Failed-login counts in DynamoDB: {@code APP#<app id>#LOGIN#<email hash>} / {@code LOGIN_ATTEMPTS}, holding
 * {@code failures}, {@code locked_until} (epoch seconds) and a TTL. Each reservation is one conditional
 * {@code ADD}, so concurrent attempts are all counted and none passes a lock or the cap.
 */
public final class DynamoDbLoginAttempts implements LoginAttempts {

    private static final String UNLOCKED_BELOW_CAP = "(attribute_not_exists(failures) OR failures < :cap)"
            + " AND (attribute_not_exists(locked_until) OR locked_until <= :now)";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbLoginAttempts(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
    }

    @Override
    public Reservation reserve(String appId, EmailAddress email, Instant now, int cap, Instant forgetAt) {
        try {
            Map<String, AttributeValue> after = DynamoDbErrors.translated(() -> dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Keys.loginAttempts(appId, email))
                    .updateExpression("ADD failures :one SET " + Keys.EXPIRES_AT + " = :forget")
                    .conditionExpression(UNLOCKED_BELOW_CAP)
                    .expressionAttributeValues(Map.of(":one", number(1), ":cap", number(cap),
                            ":now", number(now.getEpochSecond()), ":forget", number(forgetAt.getEpochSecond())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))).attributes();
            return new Allowed(Math.toIntExact(Item.of(after).number("failures")));
        } catch (ConditionalCheckFailedException e) {
            Item before = Item.of(e.hasItem() ? e.item() : Map.of());
            long failures = before.optionalNumber("failures").orElse(0L);
            Instant until = before.optionalInstant("locked_until").orElse(now);
            return new Locked(until, failures >= cap);
        }
    }

    @Override
    public void lock(String appId, EmailAddress email, Instant until, boolean permanent) {
        try {
            // Only an existing count (a success may have cleared it) and only a longer lock.
            DynamoDbErrors.translated(() -> dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Keys.loginAttempts(appId, email))
                    .updateExpression("SET locked_until = :until" + (permanent ? " REMOVE " + Keys.EXPIRES_AT : ""))
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(locked_until) OR locked_until < :until)")
                    .expressionAttributeValues(Map.of(":until", number(secondsRoundedUp(until))))));
        } catch (ConditionalCheckFailedException e) {
            // A success cleared the count, or a longer lock holds: nothing to do.
        }
    }

    @Override
    public void clear(String appId, EmailAddress email) {
        DynamoDbErrors.translated(() -> dynamoDb.deleteItem(r -> r.tableName(table).key(Keys.loginAttempts(appId, email))));
    }

    /** A lock is never shorter than asked: stored in whole seconds, it ends at the next second. */
    private static long secondsRoundedUp(Instant instant) {
        return instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
