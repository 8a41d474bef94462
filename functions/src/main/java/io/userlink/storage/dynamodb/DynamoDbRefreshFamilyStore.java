package io.userlink.storage.dynamodb;

import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.refresh.RevocationReason;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Refresh families in DynamoDB: {@code FAMILY#<family id>} / {@code FAMILY}, rotated by one conditional update. */
public final class DynamoDbRefreshFamilyStore implements RefreshFamilyStore {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final InstantSource clock;

    public DynamoDbRefreshFamilyStore(DynamoDbClient dynamoDb, String table, InstantSource clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Optional<RefreshFamily> find(String familyId) {
        // A revocation of a family already gone leaves a bare marker: no family.
        return Item.getConsistent(dynamoDb, table, Keys.family(familyId))
                .filter(item -> item.optionalString("family_id").isPresent())
                .map(RefreshFamilyItems::fromItem);
    }

    @Override
    public boolean rotate(RefreshFamily rotated, String expectedCurrentHash) {
        try {
            DynamoDbErrors.translated(() -> dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Keys.family(rotated.familyId()))
                    .updateExpression("SET current_hash = :next, previous_hash = :current, generation = :generation,"
                            + " rotated_at = :now, last_used = :now, " + Keys.EXPIRES_AT + " = :expires")
                    .conditionExpression("current_hash = :current AND revoked = :false")
                    .expressionAttributeValues(Map.of(
                            ":next", AttributeValue.fromS(rotated.currentHash()),
                            ":current", AttributeValue.fromS(expectedCurrentHash),
                            ":generation", AttributeValue.fromN(Long.toString(rotated.generation())),
                            ":now", AttributeValue.fromN(Long.toString(rotated.rotatedAt().getEpochSecond())),
                            ":expires", AttributeValue.fromN(Long.toString(rotated.expiresAt().getEpochSecond())),
                            ":false", AttributeValue.fromBool(false)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void revoke(String familyId, RevocationReason reason) {
        DynamoDbErrors.translated(() -> dynamoDb.updateItem(RefreshFamilyItems.revocation(table, familyId, reason, clock.instant())));
    }
}
