package io.userlink.bench;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Issues a recorded DynamoDB request again, unchanged but for its table: the floor of a route replays the
 * route's own calls on a twin table holding the same items, so both pay for the same payloads, conditions
 * and results. A replay that DynamoDB refuses (a failed condition) throws: the twin has drifted.
 */
final class Replay {

    private Replay() {}

    static void onTable(DynamoDbClient client, String table, SdkRequest request) {
        switch (request) {
            case GetItemRequest r -> client.getItem(r.toBuilder().tableName(table).build());
            case QueryRequest r -> client.query(r.toBuilder().tableName(table).build());
            case PutItemRequest r -> client.putItem(r.toBuilder().tableName(table).build());
            case UpdateItemRequest r -> client.updateItem(r.toBuilder().tableName(table).build());
            case DeleteItemRequest r -> client.deleteItem(r.toBuilder().tableName(table).build());
            case TransactWriteItemsRequest r -> client.transactWriteItems(r.toBuilder()
                    .transactItems(r.transactItems().stream().map(item -> onTable(item, table)).toList()).build());
            case BatchWriteItemRequest r -> client.batchWriteItem(r.toBuilder().requestItems(
                    Map.of(table, r.requestItems().values().stream().flatMap(List::stream).toList())).build());
            default -> throw new IllegalArgumentException("no replay for " + request.getClass().getSimpleName());
        }
    }

    /** True for requests that change items: the ones a twin must see to stay a twin. */
    static boolean writes(SdkRequest request) {
        return request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest || request instanceof TransactWriteItemsRequest
                || request instanceof BatchWriteItemRequest;
    }

    private static TransactWriteItem onTable(TransactWriteItem item, String table) {
        TransactWriteItem.Builder builder = item.toBuilder();
        if (item.put() != null) {
            builder.put(item.put().toBuilder().tableName(table).build());
        }
        if (item.update() != null) {
            builder.update(item.update().toBuilder().tableName(table).build());
        }
        if (item.delete() != null) {
            builder.delete(item.delete().toBuilder().tableName(table).build());
        }
        if (item.conditionCheck() != null) {
            builder.conditionCheck(item.conditionCheck().toBuilder().tableName(table).build());
        }
        return builder.build();
    }
}
