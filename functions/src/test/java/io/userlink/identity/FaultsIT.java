package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.support.FlowTest;
import io.userlink.support.TestApi.Reply;
import io.userlink.support.TestApi;
import io.userlink.support.TestUserlink;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * What DynamoDB does under contention and load, which DynamoDB Local never does: transaction conflicts and
 * throttling, injected through an SDK interceptor.
 */
class FaultsIT extends FlowTest {


    @Test
    void linkWhenTransactionsConflictAFewTimesThenRetriedAndTheCallerGetsItsNormalAnswer() {
        String installId = api.register(app, "ios", "phone").string("install_id");
        userlink.dynamoDbCalls().failNext("TransactWriteItems", 3, FaultsIT::conflict);

        Reply linked = api.link(app, installId, "patient");

        assertEquals(200, linked.status(), linked.body().toString());
        assertEquals(linked.string("id"), api.lookupByExternalId(app, "patient").string("user_id"));
    }

    /** The retry budget is injected: spent at once here, where the deployment's is five seconds. */
    @Test
    void linkWhenTransactionsKeepConflictingThen503WithRetryAfterAndNothingHalfWritten() {
        userlink = TestUserlink.local(Duration.ZERO);
        api = new TestApi(userlink);
        app = userlink.createApp();
        Reply install = api.register(app, "ios", "phone");
        userlink.dynamoDbCalls().failNext("TransactWriteItems", Integer.MAX_VALUE, FaultsIT::cancelledByConflict);

        Reply refused = api.link(app, install.string("install_id"), "stuck");

        assertEquals(503, refused.status());
        assertEquals("TEMPORARILY_UNAVAILABLE", refused.string("errorCode"));
        assertEquals("1", refused.headers().get("Retry-After"));
        userlink.dynamoDbCalls().reset();
        assertEquals(404, api.lookupByExternalId(app, "stuck").status(), "no user");
        assertEquals(false, api.status(install.string("access_token"), install.string("install_id")).body().get("linked"));
    }

    @Test
    void createUserWhenThrottledThen503WithRetryAfterAndTheCodeStillUnused() {
        Reply install = api.register(app, "android", "phone");
        String code = api.issueCode(app, "throttled").string("authentication_code");
        userlink.dynamoDbCalls().failNext("TransactWriteItems", 1,
                () -> ThrottlingException.builder().message("Rate of requests exceeds the allowed throughput.").build());

        Reply refused = api.createUser(install.string("access_token"), code);

        assertEquals(503, refused.status());
        assertEquals("1", refused.headers().get("Retry-After"));
        Reply retried = api.createUser(install.string("access_token"), code);
        assertEquals(201, retried.status(), "the code was not consumed by the failed attempt");
    }

    @Test
    void lookupWhenReadsThrottledThen503NotA500() {
        String userId = api.link(app, api.register(app, "ios", "phone").string("install_id"), "reader").string("id");
        userlink.dynamoDbCalls().failNext("Query", 1,
                () -> ProvisionedThroughputExceededException.builder()
                        .message("throughput exceeded").build());

        assertEquals(503, api.lookup(app, userId).status());
    }

    /** The tombstone is written before the purge: the retry of a throttled purge finds it and finishes. */
    @Test
    void deleteWhenThePurgeIsThrottledThen503AndSendingItAgainFinishesIt() {
        String userId = api.link(app, api.register(app, "ios", "phone").string("install_id"), "leaving").string("id");
        userlink.dynamoDbCalls().reset();
        userlink.dynamoDbCalls().failNext("BatchWriteItem", 1,
                () -> ThrottlingException.builder().message("Rate of requests exceeds the allowed throughput.").build());

        Reply stopped = api.delete(app, userId);

        assertEquals(503, stopped.status());
        assertEquals(2, userlink.dynamoDbCalls().count("Query"), "one read before the transaction, one for the purge");
        assertEquals(404, api.lookup(app, userId).status(), "deleted from the tombstone on");
        userlink.dynamoDbCalls().reset();
        assertEquals(204, api.delete(app, userId).status(), "sent again, it purges");
        assertEquals(2, userlink.dynamoDbCalls().count("Query"), "the tombstone's read, the purge's: no install to look for");
        assertEquals(404, api.delete(app, userId).status(), "finished");
    }

    private static RuntimeException conflict() {
        return TransactionConflictException.builder().message("Transaction is ongoing for the item").build();
    }

    private static RuntimeException cancelledByConflict() {
        return TransactionCanceledException.builder().message("Transaction cancelled")
                .cancellationReasons(CancellationReason.builder().code("None").build(),
                        CancellationReason.builder().code("TransactionConflict").build())
                .build();
    }
}
