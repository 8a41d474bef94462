package io.userlink.storage.dynamodb;

import io.userlink.authcode.AuthCode;
import io.userlink.authcode.AuthCodeStore;
import io.userlink.identity.CodeRedemption;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Authentication codes in DynamoDB: {@code CODE#<code hash>} / {@code CODE}, removed by TTL after expiry. The
 * redemption attributes are written by {@link TransitionWrites}.
 */
public final class DynamoDbAuthCodeStore implements AuthCodeStore {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbAuthCodeStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
    }

    @Override
    public Optional<AuthCode> find(String codeHash) {
        return Item.getConsistent(dynamoDb, table, Keys.code(codeHash)).map(item -> new AuthCode(codeHash,
                item.string("app_id"), item.string("external_id"), item.instant("created_at"),
                item.instant(Keys.EXPIRES_AT), item.optionalString("redeemed_by").map(installId -> new CodeRedemption(
                        codeHash, installId, item.string("redeemed_user_id"), item.bool("redeemed_created"),
                        item.optionalString("redeemed_family_id"), item.instant("redeemed_at")))));
    }

    @Override
    public void create(AuthCode code) {
        Item item = Item.withKey(Keys.code(code.codeHash()))
                .put("app_id", code.appId())
                .put("external_id", code.externalId())
                .put("created_at", code.createdAt())
                .put(Keys.EXPIRES_AT, code.expiresAt());
        DynamoDbErrors.translated(() -> dynamoDb.putItem(r -> r.tableName(table).item(item.attributes())
                .conditionExpression("attribute_not_exists(pk)")));
    }
}
