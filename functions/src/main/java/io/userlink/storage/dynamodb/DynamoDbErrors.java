package io.userlink.storage.dynamodb;

import io.userlink.error.RetryLaterException;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Translates what DynamoDB answers when it is overloaded or contended (after the SDK's own retries) into a
 * retryable {@link RetryLaterException}: the caller gets 503 with {@code Retry-After}, never 500.
 */
final class DynamoDbErrors {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private DynamoDbErrors() {}

    static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProvisionedThroughputExceededException | RequestLimitExceededException | ThrottlingException
                 | TransactionConflictException e) {
            throw unavailable(e);
        } catch (DynamoDbException e) {
            if (isThrottling(e)) {
                throw unavailable(e);
            }
            throw e;
        }
    }

    /**
     * Whether a cancelled transaction failed because what it was computed from changed: a condition, or another
     * transaction on the same items. The caller reads again and decides anew.
     */
    static boolean cancelledByChange(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream()
                .anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code())
                        || "TransactionConflict".equals(reason.code()));
    }

    /** Whether a cancelled transaction failed for contention or throttling rather than a condition. */
    private static boolean cancelledByContention(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream()
                .anyMatch(reason -> "TransactionConflict".equals(reason.code())
                        || "ThrottlingError".equals(reason.code())
                        || "ProvisionedThroughputExceeded".equals(reason.code()));
    }

    /**
     * The 503 for a refusal that the SDK's retries did not outlast. The log gets its kind and the SDK's message:
     * DynamoDB's words (for throttling and contention they quote no item) and the request id AWS support asks for.
     */
    private static RetryLaterException unavailable(DynamoDbException refusal) {
        return RetryLaterException.unavailable("The service is busy; retry shortly.", RETRY_AFTER,
                "DynamoDB throttled or contended: " + refusal.getClass().getSimpleName() + ": " + refusal.getMessage());
    }

    private static boolean isThrottling(DynamoDbException e) {
        return e.isThrottlingException()
                || (e instanceof TransactionCanceledException cancelled && cancelledByContention(cancelled));
    }
}
