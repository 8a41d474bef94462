package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A Lambda event source mapping of a DynamoDB stream, as Lambda runs one: it reads the stream with the function's
 * own credentials, keeps the records its filter criteria match, invokes the function with batches in the order of
 * each shard, and with {@code ReportBatchItemFailures} retries from the first record the function reports failed
 * (the whole batch when the function throws). When a batch has used its retries, or its oldest record is older
 * than the maximum record age, it goes to the on-failure destination and the mapping moves on.
 *
 * <p>Modelled: {@code StartingPosition} {@code TRIM_HORIZON}, {@code BatchSize}, {@code MaximumRetryAttempts},
 * {@code MaximumRecordAgeInSeconds}, {@code FunctionResponseTypes}, {@code FilterCriteria} patterns of exact values
 * and {@code prefix}, and an on-failure destination. Not modelled: batching windows, parallelization, tumbling
 * windows, bisection; a pattern using anything else is refused when the mapping is read.
 */
public final class LocalEventSourceMapping {

    /** A mapping's properties from the template (a function's {@code Events} entry of type {@code DynamoDB}). */
    public record Settings(int batchSize, int maximumRetryAttempts, Duration maximumRecordAge,
                           boolean reportBatchItemFailures, List<JsonNode> filters, String destinationArn) {

        private static final ObjectMapper JSON = new ObjectMapper();

        /**
         * @throws IllegalArgumentException for a property or a pattern the local runtime does not model
         */
        public static Settings of(Map<?, ?> properties, LocalDeployment deployment, String context) {
            Object position = properties.get("StartingPosition");
            if (!"TRIM_HORIZON".equals(position)) {
                throw new IllegalArgumentException(context + ": the local runtime reads streams from TRIM_HORIZON, not " + position);
            }
            List<JsonNode> filters = new ArrayList<>();
            if (properties.get("FilterCriteria") instanceof Map<?, ?> criteria && criteria.get("Filters") instanceof List<?> list) {
                for (Object filter : list) {
                    try {
                        JsonNode pattern = JSON.readTree(String.valueOf(((Map<?, ?>) filter).get("Pattern")));
                        checkPattern(pattern, context);
                        filters.add(pattern);
                    } catch (IOException e) {
                        throw new IllegalArgumentException(context + ": a filter pattern is not JSON: " + e.getMessage(), e);
                    }
                }
            }
            Object destination = properties.get("DestinationConfig") instanceof Map<?, ?> config
                    && config.get("OnFailure") instanceof Map<?, ?> onFailure ? onFailure.get("Destination") : null;
            List<?> responseTypes = properties.get("FunctionResponseTypes") instanceof List<?> types ? types : List.of();
            return new Settings(number(properties, "BatchSize", 100), number(properties, "MaximumRetryAttempts", -1),
                    Duration.ofSeconds(number(properties, "MaximumRecordAgeInSeconds", -1)),
                    responseTypes.contains("ReportBatchItemFailures"), filters,
                    destination == null ? null : deployment.resolve(destination, context + " DestinationConfig"));
        }

        private static int number(Map<?, ?> properties, String name, int fallback) {
            Object value = properties.get(name);
            return value == null ? fallback : Integer.parseInt(String.valueOf(value));
        }

        private static void checkPattern(JsonNode pattern, String context) {
            pattern.properties().forEach(entry -> {
                JsonNode value = entry.getValue();
                if (value.isObject()) {
                    checkPattern(value, context);
                } else if (value.isArray()) {
                    value.forEach(option -> {
                        if (option.isObject() && !(option.size() == 1 && option.has("prefix"))) {
                            throw new IllegalArgumentException(context + ": the local runtime matches exact values and"
                                    + " prefix in filter patterns, not " + option);
                        }
                    });
                } else {
                    throw new IllegalArgumentException(context + ": a filter pattern's values are arrays, not " + value);
                }
            });
        }
    }

    /** A batch that used its retries, as the on-failure destination receives it. */
    public record DeadLetter(String destinationArn, JsonNode invocationRecord) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String eventSourceArn;
    private final Settings settings;
    private final UnaryOperator<String> invoke;
    private final Consumer<DeadLetter> deadLetters;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    /** Records read but not yet handed to the function successfully, per shard, oldest first. */
    private final Map<String, List<Record>> pending = new LinkedHashMap<>();
    private final Map<String, Integer> retries = new LinkedHashMap<>();

    /**
     * @param streams a client that signs as the function (Lambda reads the stream with the execution role)
     * @param streamArn the stream as DynamoDB Local names it
     * @param eventSourceArn the stream as the template's policies and the events name it
     * @param invoke the function: event JSON in, response JSON out; throws when the function fails
     * @param deadLetters told of each batch that goes to the on-failure destination
     */
    public LocalEventSourceMapping(DynamoDbStreamsClient streams, String streamArn, String eventSourceArn, Settings settings,
                                   UnaryOperator<String> invoke, Consumer<DeadLetter> deadLetters) {
        this.streams = Objects.requireNonNull(streams);
        this.streamArn = Objects.requireNonNull(streamArn);
        this.eventSourceArn = Objects.requireNonNull(eventSourceArn);
        this.settings = Objects.requireNonNull(settings);
        this.invoke = Objects.requireNonNull(invoke);
        this.deadLetters = Objects.requireNonNull(deadLetters);
    }

    /**
     * Reads what the stream has now and hands it to the function, one invocation per batch, until nothing is left
     * or a batch failed (its retry waits for the next poll, as Lambda's backoff would).
     *
     * @return how many invocations were made
     */
    public synchronized int poll() {
        int invocations = 0;
        // Each shard once, in the order listed.
        Set<String> shardIds = new LinkedHashSet<>();
        streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()
                .forEach(shard -> shardIds.add(shard.shardId()));
        for (String shardId : shardIds) {
            List<Record> records = pending.computeIfAbsent(shardId, id -> new ArrayList<>());
            readShard(shardId, records);
            while (!records.isEmpty()) {
                List<Record> batch = List.copyOf(records.subList(0, Math.min(settings.batchSize(), records.size())));
                // Each record's event form is built once: the filter reads it, and the invocation carries it.
                List<ObjectNode> matching = batch.stream()
                        .map(record -> eventRecord(record, eventSourceArn)).filter(this::matches).toList();
                Delivered delivered = matching.isEmpty() ? new Delivered(batch.size(), false) : deliver(shardId, batch, matching);
                if (!matching.isEmpty()) {
                    invocations++;
                }
                records.subList(0, delivered.done()).clear();
                if (delivered.retryLater()) {
                    break;
                }
            }
        }
        return invocations;
    }

    private void readShard(String shardId, List<Record> into) {
        String iterator = iterators.computeIfAbsent(shardId, id -> streams.getShardIterator(r -> r.streamArn(streamArn)
                .shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        while (iterator != null) {
            var answer = streams.getRecords(r -> r.shardIterator(iterators.get(shardId)));
            into.addAll(answer.records());
            iterator = answer.nextShardIterator();
            if (iterator == null) {
                iterators.remove(shardId);
                return;
            }
            iterators.put(shardId, iterator);
            if (answer.records().isEmpty()) {
                return;
            }
        }
    }

    /**
     * What one invocation left.
     *
     * @param done how many records of the batch are done with (handled, or sent to the destination)
     * @param retryLater whether the rest waits for the next poll, as Lambda backs off before a retry
     */
    private record Delivered(int done, boolean retryLater) {}

    /** One invocation with the matching records of {@code batch}. */
    private Delivered deliver(String shardId, List<Record> batch, List<ObjectNode> matching) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        records.addAll(matching);
        String failedFrom = null;
        try {
            JsonNode response = JSON.readTree(invoke.apply(JSON.writeValueAsString(event)));
            if (settings.reportBatchItemFailures() && response != null && response.path("batchItemFailures").size() > 0) {
                failedFrom = lowest(response.path("batchItemFailures"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException functionError) {
            failedFrom = matching.getFirst().path("dynamodb").path("SequenceNumber").asText();
        }
        if (failedFrom == null) {
            retries.remove(shardId);
            return new Delivered(batch.size(), false);
        }
        String first = failedFrom;
        int done = (int) batch.stream().takeWhile(record -> !record.dynamodb().sequenceNumber().equals(first)).count();
        int attempts = retries.merge(shardId, 1, Integer::sum);
        Instant oldest = batch.get(done).dynamodb().approximateCreationDateTime();
        boolean tooOld = !settings.maximumRecordAge().isNegative() && oldest != null
                && oldest.plus(settings.maximumRecordAge()).isBefore(Instant.now());
        if (settings.maximumRetryAttempts() >= 0 && attempts > settings.maximumRetryAttempts() || tooOld) {
            retries.remove(shardId);
            List<Record> abandoned = batch.subList(done, batch.size());
            deadLetters.accept(new DeadLetter(settings.destinationArn(), invocationRecord(shardId, abandoned, attempts)));
            return new Delivered(batch.size(), false);
        }
        return new Delivered(done, true);
    }

    private String lowest(JsonNode failures) {
        String lowest = null;
        for (JsonNode failure : failures) {
            String sequence = failure.path("itemIdentifier").asText();
            if (lowest == null || new BigInteger(sequence).compareTo(new BigInteger(lowest)) < 0) {
                lowest = sequence;
            }
        }
        return lowest;
    }

    /** What Lambda sends an on-failure destination for a stream batch: where the records are, not the records. */
    private JsonNode invocationRecord(String shardId, List<Record> abandoned, int attempts) {
        ObjectNode record = JSON.createObjectNode();
        ObjectNode context = record.putObject("requestContext");
        context.put("condition", "RetryAttemptsExhausted");
        context.put("approximateInvokeCount", attempts);
        ObjectNode info = record.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", abandoned.getFirst().dynamodb().sequenceNumber());
        info.put("endSequenceNumber", abandoned.getLast().dynamodb().sequenceNumber());
        info.put("batchSize", abandoned.size());
        info.put("streamArn", eventSourceArn);
        record.put("timestamp", Instant.now().toString());
        return record;
    }

    /** One record of a stream event as Lambda's event source mapping hands it to a function. */
    public static ObjectNode eventRecord(Record record, String eventSourceArn) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventID", record.eventID());
        event.put("eventName", record.eventNameAsString());
        event.put("eventVersion", "1.1");
        event.put("eventSource", "aws:dynamodb");
        event.put("awsRegion", LocalDeployment.REGION);
        ObjectNode dynamodb = event.putObject("dynamodb");
        Instant created = record.dynamodb().approximateCreationDateTime();
        dynamodb.put("ApproximateCreationDateTime", created == null ? Instant.now().getEpochSecond() : created.getEpochSecond());
        dynamodb.set("Keys", image(record.dynamodb().keys()));
        if (record.dynamodb().hasNewImage()) {
            dynamodb.set("NewImage", image(record.dynamodb().newImage()));
        }
        dynamodb.put("SequenceNumber", record.dynamodb().sequenceNumber());
        dynamodb.put("SizeBytes", record.dynamodb().sizeBytes() == null ? 0 : record.dynamodb().sizeBytes());
        dynamodb.put("StreamViewType", record.dynamodb().streamViewTypeAsString());
        event.put("eventSourceARN", eventSourceArn);
        return event;
    }

    /** Keys and images in the stream's JSON form; Userlink's keys are strings, its stream carries keys only. */
    private static ObjectNode image(Map<String, AttributeValue> attributes) {
        ObjectNode image = JSON.createObjectNode();
        attributes.forEach((name, value) -> {
            ObjectNode typed = image.putObject(name);
            if (value.s() != null) {
                typed.put("S", value.s());
            } else if (value.n() != null) {
                typed.put("N", value.n());
            } else if (value.bool() != null) {
                typed.put("BOOL", value.bool());
            } else {
                throw new IllegalStateException("the local event source mapping carries strings, numbers and booleans,"
                        + " not the attribute " + name);
            }
        });
        return image;
    }

    private boolean matches(JsonNode event) {
        return settings.filters().isEmpty() || settings.filters().stream().anyMatch(pattern -> matches(pattern, event));
    }

    /** An EventBridge-style pattern: every field present and one of its options matching. */
    private static boolean matches(JsonNode pattern, JsonNode value) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = pattern.properties().iterator(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode actual = value.path(field.getKey());
            boolean matched = field.getValue().isObject() ? matches(field.getValue(), actual)
                    : actual.isValueNode() && anyOption(field.getValue(), actual.asText());
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyOption(JsonNode options, String actual) {
        for (JsonNode option : options) {
            if (option.isObject() ? actual.startsWith(option.get("prefix").asText()) : option.asText().equals(actual)) {
                return true;
            }
        }
        return false;
    }
}
