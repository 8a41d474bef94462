package io.userlink.handler;

import io.userlink.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A batch of the table's stream records as Lambda's event source mapping hands it to a function that reports batch
 * item failures: the new items are handled in order, and at the first one that must be tried again the function
 * stops and reports it, so Lambda retries the batch from there ({@code ReportBatchItemFailures}) and, when retries
 * run out, sends it to the on-failure destination.
 */
final class StreamBatch {

    /** A new item's keys, all the table's stream carries (keys only). */
    record NewItem(String partitionKey, String sortKey) {}

    private StreamBatch() {
    }

    /**
     * Reads the event itself and answers {@code {"batchItemFailures": [...]}}.
     *
     * @param handled handles one new item; false when it must be tried again
     */
    static void handle(InputStream in, OutputStream out, Predicate<NewItem> handled) throws IOException {
        List<Map<String, String>> failures = firstFailed(Json.readEvent(in), handled)
                .map(sequence -> List.of(Map.of("itemIdentifier", sequence))).orElse(List.of());
        out.write(Json.write(Map.of("batchItemFailures", failures)).getBytes(StandardCharsets.UTF_8));
    }

    /** The sequence number of the first record that must be tried again. */
    private static Optional<String> firstFailed(Map<String, Object> event, Predicate<NewItem> handled) {
        List<?> records = event.get("Records") instanceof List<?> list ? list : List.of();
        for (Object record : records) {
            Map<?, ?> fields = record instanceof Map<?, ?> map ? map : Map.of();
            Map<?, ?> stream = fields.get("dynamodb") instanceof Map<?, ?> map ? map : Map.of();
            Map<?, ?> keys = stream.get("Keys") instanceof Map<?, ?> map ? map : Map.of();
            if ("INSERT".equals(fields.get("eventName")) && !handled.test(new NewItem(string(keys, "pk"), string(keys, "sk")))) {
                return Optional.of(String.valueOf(stream.get("SequenceNumber")));
            }
        }
        return Optional.empty();
    }

    /** A string key attribute in the stream's typed form ({@code {"S": "..."}}); empty when absent. */
    private static String string(Map<?, ?> keys, String name) {
        return keys.get(name) instanceof Map<?, ?> typed && typed.get("S") instanceof String value ? value : "";
    }
}
