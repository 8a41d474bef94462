package io.userlink.storage.dynamodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads and writes typed attributes of one item, so stores state their mapping and nothing else. */
final class Item {

    private final Map<String, AttributeValue> attributes;

    private Item(Map<String, AttributeValue> attributes) {
        this.attributes = attributes;
    }

    /** A new item with these key attributes. */
    static Item withKey(Map<String, AttributeValue> key) {
        return new Item(new HashMap<>(key));
    }

    static Item of(Map<String, AttributeValue> attributes) {
        return new Item(attributes);
    }

    /** The item under {@code key}, read strongly consistent; empty when there is none. */
    /**
     * The sort keys, the ids, of a list kept over {@code partitions} partitions {@code <prefix><n>} (see
     * {@link Keys#listedMail}): a consistent query per partition, instead of a scan of the table.
     */
    static List<String> listedIds(DynamoDbClient dynamoDb, String table, String prefix, int partitions) {
        List<String> ids = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            AttributeValue listing = AttributeValue.fromS(prefix + partition);
            DynamoDbErrors.translated(() -> dynamoDb.queryPaginator(r -> r.tableName(table).consistentRead(true)
                            .keyConditionExpression("pk = :listing").projectionExpression("sk")
                            .expressionAttributeValues(Map.of(":listing", listing)))
                    .items().stream().map(item -> item.get(Keys.SK).s()).toList())
                    .forEach(ids::add);
        }
        return ids;
    }

    static Optional<Item> getConsistent(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key) {
        var response = DynamoDbErrors.translated(() -> dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(of(response.item())) : Optional.empty();
    }

    Item put(String name, String value) {
        attributes.put(name, AttributeValue.fromS(value));
        return this;
    }

    Item put(String name, Optional<String> value) {
        value.ifPresent(v -> put(name, v));
        return this;
    }

    Item put(String name, long value) {
        attributes.put(name, AttributeValue.fromN(Long.toString(value)));
        return this;
    }

    Item put(String name, boolean value) {
        attributes.put(name, AttributeValue.fromBool(value));
        return this;
    }

    /** Stores an instant as epoch seconds, the unit of DynamoDB TTL. */
    Item put(String name, Instant value) {
        return put(name, value.getEpochSecond());
    }

    Item putInstant(String name, Optional<Instant> value) {
        value.ifPresent(v -> put(name, v));
        return this;
    }

    Map<String, AttributeValue> attributes() {
        return attributes;
    }

    String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name));
    }

    Optional<String> optionalString(String name) {
        AttributeValue value = attributes.get(name);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }

    long number(String name) {
        AttributeValue value = attributes.get(name);
        if (value == null || value.n() == null) {
            throw missing(name);
        }
        return Long.parseLong(value.n());
    }

    Optional<Long> optionalNumber(String name) {
        AttributeValue value = attributes.get(name);
        return value == null || value.n() == null ? Optional.empty() : Optional.of(Long.parseLong(value.n()));
    }

    boolean bool(String name) {
        AttributeValue value = attributes.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    Instant instant(String name) {
        return Instant.ofEpochSecond(number(name));
    }

    Optional<Instant> optionalInstant(String name) {
        AttributeValue value = attributes.get(name);
        return value == null || value.n() == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(value.n())));
    }

    private IllegalStateException missing(String name) {
        return new IllegalStateException("item " + attributes.get(Keys.PK) + " lacks attribute " + name);
    }
}
