package io.userlink.error;

import java.time.Duration;
import java.util.Objects;

/**
 * The caller should try again after a delay (answered as {@code Retry-After}): a dependency throttled us, a
 * conflict outlasted our retries, or too many logins failed.
 */
public final class RetryLaterException extends UserlinkException {

    private final Duration retryAfter;

    public RetryLaterException(ErrorCode code, String detail, Duration retryAfter) {
        super(code, detail);
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    /** 503: a dependency throttled us or a conflict outlasted our retries. */
    public static RetryLaterException unavailable(String detail, Duration retryAfter) {
        return new RetryLaterException(ErrorCode.TEMPORARILY_UNAVAILABLE, detail, retryAfter);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
