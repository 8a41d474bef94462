package io.userlink.error;

import java.util.Objects;

/**
 * A token request refused as RFC 6749 §5.2 says: always 400, with the OAuth {@code error} beside our
 * {@code code}. Every bad refresh token gets the same {@code invalid_grant}, whatever was wrong with it.
 */
public final class GrantException extends UserlinkException {

    private final String error;

    public GrantException(ErrorCode code, String error, String detail) {
        super(code, detail);
        this.error = Objects.requireNonNull(error);
    }

    /** The refresh token is spent, unknown, expired, revoked or not ours. */
    public static GrantException invalidGrant() {
        return new GrantException(ErrorCode.INVALID_GRANT, "invalid_grant",
                "The refresh token is invalid, expired or revoked; log in again.");
    }

    /** The RFC 6749 §5.2 error code, e.g. {@code invalid_grant}. */
    public String error() {
        return error;
    }

    @Override
    public int status() {
        return 400;
    }
}
