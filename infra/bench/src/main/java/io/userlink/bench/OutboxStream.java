package io.userlink.bench;

import io.userlink.json.Json;
import io.userlink.local.LocalDeployment;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The outbox's part of the table's stream, for the mail sender's runs: notes the keys of the outbox items the
 * preparation's DynamoDB client puts (as the template's event filter passes new items whose {@code pk} begins with
 * {@code OUTBOX#}), and renders one as the event Lambda's event source mapping would invoke the mail sender with.
 */
final class OutboxStream implements ExecutionInterceptor {

    private static final String OUTBOX_PREFIX = "OUTBOX#";

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
        Map<String, Object> streamed = new LinkedHashMap<>();
        streamed.put("ApproximateCreationDateTime", Instant.now().getEpochSecond());
        streamed.put("Keys", Map.of("pk", Map.of("S", keys.get("pk").s()), "sk", Map.of("S", keys.get("sk").s())));
        streamed.put("SequenceNumber", Long.toString(sequence.incrementAndGet()));
        streamed.put("SizeBytes", 64);
        streamed.put("StreamViewType", "KEYS_ONLY");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
        record.put("eventName", "INSERT");
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", LocalDeployment.REGION);
        record.put("dynamodb", streamed);
        record.put("eventSourceARN", LocalDeployment.streamArn(tableName));
        return new StreamedMail(keys.get("pk").s() + "|" + keys.get("sk").s(), Json.write(Map.of("Records", List.of(record))));
    }

    private void note(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get("pk");
        if (pk != null && pk.s() != null && pk.s().startsWith(OUTBOX_PREFIX)) {
            putKeys.addLast(Map.of("pk", pk, "sk", item.get("sk")));
        }
    }
}
