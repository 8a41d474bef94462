package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.local.iam.AwsError;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local queues: a directory of messages each, purged as SQS purges. */
class LocalSqsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL = "http://127.0.0.1:3000/000000000000/userlink-DeletionDeadLetterQueue";

    @TempDir
    Path root;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));

    @Test
    void purgeQueueWhenMessagesWaitThenNoneIsLeft() throws Exception {
        LocalSqs sqs = new LocalSqs(root, Set.of("userlink-DeletionDeadLetterQueue"), now::get);
        sqs.send("userlink-DeletionDeadLetterQueue", "{\"batch\": 1}");
        sqs.send("userlink-DeletionDeadLetterQueue", "{\"batch\": 2}");
        assertEquals(2, messages(sqs));

        sqs.call("PurgeQueue", purge(URL));

        assertEquals(0, messages(sqs));
    }

    @Test
    void purgeQueueWhenPurgedLessThanAMinuteAgoThenRefusedAndTheMessageSentSinceStays() throws Exception {
        LocalSqs sqs = new LocalSqs(root, Set.of("userlink-DeletionDeadLetterQueue"), now::get);
        sqs.call("PurgeQueue", purge(URL));
        sqs.send("userlink-DeletionDeadLetterQueue", "{\"batch\": 3}");
        now.set(now.get().plus(Duration.ofSeconds(59)));

        AwsError refused = assertThrows(AwsError.class, () -> sqs.call("PurgeQueue", purge(URL)));

        assertEquals("PurgeQueueInProgress", refused.type());
        assertEquals(1, messages(sqs));
        now.set(now.get().plus(Duration.ofSeconds(1)));
        sqs.call("PurgeQueue", purge(URL));
        assertEquals(0, messages(sqs));
    }

    @Test
    void purgeQueueWhenTheQueueIsNotTheTemplatesThenQueueDoesNotExist() {
        LocalSqs sqs = new LocalSqs(root, Set.of("userlink-DeletionDeadLetterQueue"), now::get);

        AwsError refused = assertThrows(AwsError.class,
                () -> sqs.call("PurgeQueue", purge("http://127.0.0.1:3000/000000000000/someone-elses")));

        assertEquals("QueueDoesNotExist", refused.type());
    }

    @Test
    void callWhenTheOperationIsNotServedThenSaysSo() {
        LocalSqs sqs = new LocalSqs(root, Set.of("userlink-DeletionDeadLetterQueue"), now::get);

        AwsError refused = assertThrows(AwsError.class, () -> sqs.call("ReceiveMessage", purge(URL)));

        assertTrue(refused.getMessage().contains("does not implement ReceiveMessage"), refused.getMessage());
    }

    private static ObjectNode purge(String queueUrl) {
        return JSON.createObjectNode().put("QueueUrl", queueUrl);
    }

    private static int messages(LocalSqs sqs) {
        return sqs.messages("userlink-DeletionDeadLetterQueue").size();
    }
}
