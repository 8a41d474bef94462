package io.userlink.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.error.RetryLaterException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * How a cancelled transaction is read: lost to a change (the caller reads again and decides anew) or to contention
 * (503 with Retry-After), by the reason DynamoDB gives for each of its items ({@code None} for the items that were
 * fine).
 */
class DynamoDbErrorsTest {

    @Test
    void cancelledByChangeWhenAConditionFailedOrAnotherTransactionHeldAnItemThenTrue() {
        assertTrue(DynamoDbErrors.cancelledByChange(cancelled("None", "ConditionalCheckFailed")));
        assertTrue(DynamoDbErrors.cancelledByChange(cancelled("TransactionConflict", "None")));
    }

    @Test
    void cancelledByChangeWhenThrottledInvalidOrWithoutReasonsThenFalse() {
        assertFalse(DynamoDbErrors.cancelledByChange(cancelled("None", "ThrottlingError")));
        assertFalse(DynamoDbErrors.cancelledByChange(cancelled("ValidationError")));
        assertFalse(DynamoDbErrors.cancelledByChange(TransactionCanceledException.builder().message("cancelled").build()));
    }

    @Test
    void translatedWhenTheCallSucceedsThenItsAnswer() {
        assertEquals("answer", DynamoDbErrors.translated(() -> "answer"));
    }

    @Test
    void translatedWhenTheCancellationWasContentionThenRetryLaterAndOtherwiseTheCancellationItself() {
        for (String contention : new String[] {"ThrottlingError", "ProvisionedThroughputExceeded", "TransactionConflict"}) {
            RetryLaterException busy = assertThrows(RetryLaterException.class,
                    () -> DynamoDbErrors.translated(() -> { throw cancelled("None", contention); }), contention);
            assertEquals(DynamoDbErrors.RETRY_AFTER, busy.retryAfter(), contention);
        }
        TransactionCanceledException conditionFailed = cancelled("ConditionalCheckFailed");
        assertSame(conditionFailed, assertThrows(TransactionCanceledException.class,
                () -> DynamoDbErrors.translated(() -> { throw conditionFailed; })));
    }

    /** The person on call learns what DynamoDB refused and the request id AWS support asks for; the caller does not. */
    @Test
    void translatedWhenThrottledThenTheReasonNamesTheRefusalAndItsRequestIdAndTheDetailNeither() {
        ThrottlingException throttled = (ThrottlingException) ThrottlingException.builder()
                .message("Throughput exceeds the current capacity of your table or index.")
                .requestId("REQ-7Q1").statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").serviceName("DynamoDb").build())
                .build();

        RetryLaterException busy = assertThrows(RetryLaterException.class,
                () -> DynamoDbErrors.translated(() -> { throw throttled; }));

        assertTrue(busy.reason().startsWith("DynamoDB throttled or contended: ThrottlingException: Throughput exceeds"),
                busy.reason());
        assertTrue(busy.reason().contains("Request ID: REQ-7Q1"), busy.reason());
        assertEquals("The service is busy; retry shortly.", busy.detail());
    }

    private static TransactionCanceledException cancelled(String... reasonCodes) {
        return TransactionCanceledException.builder().message("Transaction cancelled")
                .cancellationReasons(Arrays.stream(reasonCodes)
                        .map(code -> CancellationReason.builder().code(code).build()).toList())
                .build();
    }
}
