package io.userlink.error;

import java.time.Duration;
import java.util.Objects;

/** A dependency throttled us or a conflict outlasted our retries: the caller should retry after a delay. */
public final class ServiceUnavailableException extends UserlinkException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String detail, Duration retryAfter) {
        super(ErrorCode.TEMPORARILY_UNAVAILABLE, detail);
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
