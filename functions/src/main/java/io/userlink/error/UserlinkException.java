package io.userlink.error;

import java.util.Objects;

/**
 * The one exception family of Userlink: each carries an {@link ErrorCode} and a detail safe to show the
 * caller. Never put a token, code, key or secret in a detail.
 */
public sealed class UserlinkException extends RuntimeException
        permits AuthenticationException, GrantException, RetryLaterException {

    private final ErrorCode code;

    public UserlinkException(ErrorCode code, String detail) {
        super(Objects.requireNonNull(detail), null, false, false);
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status: the code's, unless the route's protocol fixes another (see {@link GrantException}). */
    public int status() {
        return code.status();
    }

    /** The human-readable explanation of this occurrence (RFC 9457 {@code detail}). */
    public String detail() {
        return getMessage();
    }
}
