package io.userlink.error;

import java.time.Duration;
import java.util.Objects;

/**
 * The caller should try again after a delay (answered as {@code Retry-After}): a dependency throttled us, a
 * conflict outlasted our retries, or too many logins failed.
 */
public final class RetryLaterException extends UserlinkException implements LoggableReason {

    private final Duration retryAfter;
    private final String reason;

    public RetryLaterException(ErrorCode code, String detail, Duration retryAfter) {
        this(code, detail, retryAfter, detail);
    }

    private RetryLaterException(ErrorCode code, String detail, Duration retryAfter, String reason) {
        super(code, detail);
        this.retryAfter = Objects.requireNonNull(retryAfter);
        this.reason = Objects.requireNonNull(reason);
    }

    /**
     * 503: a dependency throttled us or a conflict outlasted our retries. The {@code reason} says which, for the
     * person on call; the caller learns only the {@code detail}.
     */
    public static RetryLaterException unavailable(String detail, Duration retryAfter, String reason) {
        return new RetryLaterException(ErrorCode.TEMPORARILY_UNAVAILABLE, detail, retryAfter, reason);
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** What ran out (the detail, unless a 503 named more); for logs, never for the response. */
    @Override
    public String reason() {
        return reason;
    }
}
