package io.userlink.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The floor must send what the route sent, to the twin table and nowhere else. */
class ReplayTest {

    private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("INSTALL#1"),
            "sk", AttributeValue.fromS("INSTALL"));

    private final List<SdkRequest> sent = new ArrayList<>();
    private final DynamoDbClient client = (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {DynamoDbClient.class}, recordingCalls());

    @Test
    void aReplayedTransactionKeepsEveryActionButWritesToTheTwinTable() {
        TransactWriteItemsRequest transaction = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("userlink").item(KEY)
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName("userlink").key(KEY)
                        .updateExpression("SET version = :v").conditionExpression("version = :old")).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("userlink").key(KEY)).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("userlink").key(KEY)
                        .conditionExpression("attribute_exists(pk)")).build()).build();

        Replay.onTable(client, "twin", transaction);

        TransactWriteItemsRequest replayed = (TransactWriteItemsRequest) sent.getFirst();
        assertEquals(4, replayed.transactItems().size());
        assertEquals("twin", replayed.transactItems().get(0).put().tableName());
        assertEquals("attribute_not_exists(pk)", replayed.transactItems().get(0).put().conditionExpression());
        assertEquals("twin", replayed.transactItems().get(1).update().tableName());
        assertEquals("version = :old", replayed.transactItems().get(1).update().conditionExpression());
        assertEquals("twin", replayed.transactItems().get(2).delete().tableName());
        assertEquals("twin", replayed.transactItems().get(3).conditionCheck().tableName());
    }

    @Test
    void aReplayedBatchPutsEveryWriteUnderTheTwinTable() {
        WriteRequest delete = WriteRequest.builder().deleteRequest(d -> d.key(KEY)).build();

        Replay.onTable(client, "twin", BatchWriteItemRequest.builder()
                .requestItems(Map.of("userlink", List.of(delete, delete))).build());

        assertEquals(Map.of("twin", List.of(delete, delete)), ((BatchWriteItemRequest) sent.getFirst()).requestItems());
    }

    @Test
    void aReadIsReplayedAsTheSameReadOfTheTwin() {
        Replay.onTable(client, "twin", GetItemRequest.builder().tableName("userlink").key(KEY).consistentRead(true).build());

        assertEquals(GetItemRequest.builder().tableName("twin").key(KEY).consistentRead(true).build(), sent.getFirst());
    }

    @Test
    void aRequestItCannotReplayStopsTheBenchmarkRatherThanBeingSkipped() {
        assertThrows(IllegalArgumentException.class,
                () -> Replay.onTable(client, "twin", DescribeTableRequest.builder().tableName("userlink").build()));
    }

    @Test
    void onlyWritesAreCopiedToTheTwin() {
        assertTrue(Replay.writes(TransactWriteItemsRequest.builder().build()));
        assertFalse(Replay.writes(GetItemRequest.builder().build()));
    }

    private InvocationHandler recordingCalls() {
        return (proxy, method, arguments) -> {
            if (arguments != null && arguments.length == 1 && arguments[0] instanceof SdkRequest request) {
                sent.add(request);
                return null;
            }
            throw new UnsupportedOperationException(method.getName());
        };
    }
}
