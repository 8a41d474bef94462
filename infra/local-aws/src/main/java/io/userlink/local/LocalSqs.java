package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.local.iam.AwsError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The template's SQS queues, locally: each a directory of messages, one JSON file each, under the outbox's
 * {@code dead-letter/<queue name>/}, where Lambda's event source mappings send the batches that failed every retry
 * (the template's queues are their dead-letter queues). Through the {@link AwsGateway} it serves {@code PurgeQueue}
 * as SQS does, at most once per queue in 60 seconds.
 */
public final class LocalSqs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);

    private final Path root;
    private final Set<String> queues;
    private final InstantSource clock;
    /** When each queue was last purged; read and written under the lock of {@link #call}. */
    private final Map<String, Instant> purged = new HashMap<>();

    /**
     * @param root the directory that holds a directory per queue
     * @param queues the names of the queues that exist
     */
    LocalSqs(Path root, Set<String> queues, InstantSource clock) {
        this.root = root;
        this.queues = Set.copyOf(queues);
        this.clock = clock;
    }

    /** Sends a message to a queue: a new file in its directory, returned. */
    public Path send(String queueName, String body) {
        Path file = root.resolve(queueName).resolve(clock.instant().toEpochMilli() + "-" + UUID.randomUUID() + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a message of " + queueName + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The bodies of the messages waiting in a queue, oldest first. */
    public List<String> messages(String queueName) {
        try {
            List<String> bodies = new ArrayList<>();
            for (Path message : files(queueName)) {
                bodies.add(Files.readString(message));
            }
            return bodies;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the messages of " + queueName + ": " + e.getMessage(), e);
        }
    }

    /** A queue's message files, oldest first: each name begins with the millisecond it was sent. */
    private List<Path> files(String queueName) throws IOException {
        Path directory = root.resolve(queueName);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    /** The name of the queue a queue URL names ({@code https://sqs.<region>.amazonaws.com/<account>/<name>}). */
    static String queueName(String queueUrl) {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    /**
     * Performs an operation the caller is allowed to perform.
     *
     * @throws AwsError what SQS answers for this request
     */
    synchronized JsonNode call(String operation, JsonNode request) throws AwsError {
        if (!operation.equals("PurgeQueue")) {
            throw new AwsError(400, "UnsupportedOperation", "the local SQS does not implement " + operation);
        }
        String name = queueName(request.path("QueueUrl").asText());
        if (!queues.contains(name)) {
            throw new AwsError(400, "QueueDoesNotExist", "The specified queue does not exist.");
        }
        Instant now = clock.instant();
        Instant last = purged.get(name);
        if (last != null && now.isBefore(last.plus(PURGE_INTERVAL))) {
            throw new AwsError(400, "PurgeQueueInProgress", "Only one PurgeQueue operation on " + name
                    + " is allowed every 60 seconds.");
        }
        purged.put(name, now);
        try {
            for (Path message : files(name)) {
                Files.delete(message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge " + name + ": " + e.getMessage(), e);
        }
        return JSON.createObjectNode();
    }
}
