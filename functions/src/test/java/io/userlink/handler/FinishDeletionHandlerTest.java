package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.App;
import io.userlink.error.RetryLaterException;
import io.userlink.install.DeviceClass;
import io.userlink.json.Json;
import io.userlink.support.MemoryUserlink;
import io.userlink.support.RecordingContext;
import io.userlink.support.StoppingIdentityStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deletion finisher as Lambda's event source mapping invokes it: a batch of the table's stream records, of which
 * it handles the records that deletions began, and the answer that tells Lambda where to retry from.
 */
class FinishDeletionHandlerTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final App app = userlink.app();
    private final FinishDeletionHandler handler = new FinishDeletionHandler(userlink.components().userDeletion());

    @Test
    void handleWhenABatchHoldsTheRecordOfAStoppedDeletionThenItIsFinishedAndOtherRecordsAreLeftAlone() throws Exception {
        String userId = stoppedDeletion("alice");
        String notNew = stoppedDeletion("bob");
        RecordingContext context = new RecordingContext();

        Map<String, Object> answer = handle(context, record("INSERT", "OUTBOX#mail-1", "OUTBOX", "1"),
                record("MODIFY", "USER#" + notNew, "DELETION", "2"), record("INSERT", "USER#" + userId, "DELETION", "3"));

        assertEquals(Map.of("batchItemFailures", List.of()), answer);
        assertEquals(List.of(), userlink.stores().history(userId), "purged");
        assertFalse(userlink.stores().history(notNew).isEmpty(), "only a new item's record is handled");
        assertEquals(1, context.lines().size(), () -> context.lines().toString());
        assertTrue(context.lines().getFirst().contains("deletion of user " + userId + " finished in the background"));
    }

    /** The first deletion that fails is reported, so Lambda retries from it; the records after it wait for that. */
    @Test
    void handleWhenADeletionCannotBeFinishedThenItsRecordIsReportedAndTheRestWait() throws Exception {
        String first = stoppedDeletion("alice");
        String second = stoppedDeletion("bob");
        userlink.identities().stoppingAtPurge();
        RecordingContext context = new RecordingContext();

        Map<String, Object> answer = handle(context, record("INSERT", "USER#" + first, "DELETION", "7"),
                record("INSERT", "USER#" + second, "DELETION", "8"));

        assertEquals(Map.of("batchItemFailures", List.of(Map.of("itemIdentifier", "7"))), answer);
        assertFalse(userlink.stores().history(second).isEmpty(), "not reached");
        assertEquals(List.of("WARN deletion of user " + first + " not finished: Stopped"), context.lines());
    }

    /** The deletion alarm sends the person on call to this log: a throttled table says what it refused, and how. */
    @Test
    void handleWhenTheTableThrottlesTheFinishThenTheLogSaysWhatRanOut() throws Exception {
        String userId = stoppedDeletion("carol");
        userlink.identities().failingAtPurge(RetryLaterException.unavailable("The service is busy; retry shortly.",
                Duration.ofSeconds(1), "DynamoDB throttled or contended: ThrottlingException: Rate exceeded (Request ID: R-1)"));
        RecordingContext context = new RecordingContext();

        Map<String, Object> answer = handle(context, record("INSERT", "USER#" + userId, "DELETION", "9"));

        assertEquals(Map.of("batchItemFailures", List.of(Map.of("itemIdentifier", "9"))), answer);
        assertEquals(List.of("WARN deletion of user " + userId + " not finished: DynamoDB throttled or contended:"
                + " ThrottlingException: Rate exceeded (Request ID: R-1)"), context.lines());
    }

    /** A user linked to two installs whose deletion stopped before its purge: the history is left. */
    private String stoppedDeletion(String externalId) {
        String userId = null;
        for (DeviceClass device : List.of(DeviceClass.TABLET, DeviceClass.PHONE)) {
            String installId = userlink.register(app, device).install().installId();
            userId = userlink.components().linkService().link(app, installId, externalId).userId().orElseThrow();
        }
        String deleted = userId;
        userlink.identities().stoppingAtPurge();
        assertThrows(StoppingIdentityStore.Stopped.class, () -> userlink.components().userDeletion().delete(app, deleted));
        assertFalse(userlink.stores().history(deleted).isEmpty());
        return deleted;
    }

    private Map<String, Object> handle(RecordingContext context, Map<String, Object>... records) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(Map.of("Records", List.of(records)))
                .getBytes(StandardCharsets.UTF_8)), out, context);
        return Json.readEvent(new ByteArrayInputStream(out.toByteArray()));
    }

    /** A record as the table's stream carries it (keys only) and Lambda hands it on. */
    private static Map<String, Object> record(String eventName, String partitionKey, String sortKey, String sequence) {
        return Map.of("eventName", eventName, "eventSource", "aws:dynamodb", "dynamodb", Map.of(
                "Keys", Map.of("pk", Map.of("S", partitionKey), "sk", Map.of("S", sortKey)),
                "SequenceNumber", sequence, "StreamViewType", "KEYS_ONLY"));
    }
}
