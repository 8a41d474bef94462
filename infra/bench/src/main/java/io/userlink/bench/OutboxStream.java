package io.userlink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.local.LocalDeployment;
import io.userlink.local.LocalEventSourceMapping;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The table's stream, for the runs of its functions: notes the keys of the outbox items the preparation's DynamoDB
 * client puts (as the template's event filter passes new items whose {@code pk} begins with {@code OUTBOX#}), and
 * renders a new item as the event Lambda's event source mapping would invoke a stream function with (as the local
 * runtime's event source mapping renders it): an outbox item for the mail sender, a deletion's record for the
 * deletion finisher.
 */
final class OutboxStream implements ExecutionInterceptor {

    private static final String OUTBOX_PREFIX = "OUTBOX#";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deque<Map<String, AttributeValue>> putKeys = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        switch (context.request()) {
            case TransactWriteItemsRequest transaction -> transaction.transactItems().stream()
                    .map(TransactWriteItem::put).filter(Objects::nonNull).forEach(put -> note(put.item()));
            case PutItemRequest put -> note(put.item());
            default -> { }
        }
    }

    /**
     * The newest outbox item put: its table key ({@code pk|sk}), and the stream event Lambda hands the mail sender
     * for it, one {@code INSERT} record with the item's keys (the stream carries keys only).
     */
    record StreamedMail(String tableKey, String event) {}

    /**
     * The newest outbox item put since the last call; the older ones are forgotten.
     *
     * @throws IllegalStateException when no outbox item was put since the last call
     */
    synchronized StreamedMail newestMail(String tableName) {
        Map<String, AttributeValue> keys = putKeys.pollLast();
        if (keys == null) {
            throw new IllegalStateException("the preparation put no outbox item");
        }
        putKeys.clear();
        return new StreamedMail(keys.get("pk").s() + "|" + keys.get("sk").s(), insertEvent(keys, tableName));
    }

    /**
     * The stream event Lambda hands a function for one new item, a single {@code INSERT} record with the item's keys
     * (the stream carries keys only).
     */
    String insertEvent(Map<String, AttributeValue> keys, String tableName) {
        Record record = Record.builder().eventID(UUID.randomUUID().toString().replace("-", ""))
                .eventName(OperationType.INSERT)
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(Instant.now()).keys(keys)
                        .sequenceNumber(Long.toString(sequence.incrementAndGet())).streamViewType(StreamViewType.KEYS_ONLY)
                        .build())
                .build();
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").add(LocalEventSourceMapping.eventRecord(record, LocalDeployment.streamArn(tableName)));
        return event.toString();
    }

    private void note(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get("pk");
        if (pk != null && pk.s() != null && pk.s().startsWith(OUTBOX_PREFIX)) {
            putKeys.addLast(Map.of("pk", pk, "sk", item.get("sk")));
        }
    }
}
