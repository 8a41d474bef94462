package io.userlink.error;

/**
 * A credential failed: missing, undecodable, malformed, wrong, unknown, revoked or expired. All of them
 * answer the same 401 with the same detail, so a caller cannot tell which check failed; the reason is kept
 * for the logs only.
 */
public final class AuthenticationException extends UserlinkException {

    private static final String DETAIL = "The request lacks valid credentials for this route.";

    private final String reason;

    public AuthenticationException(String reason) {
        super(ErrorCode.INVALID_CREDENTIALS, DETAIL);
        this.reason = reason;
    }

    /** Why the credential was refused; for logs, never for the response. */
    public String reason() {
        return reason;
    }
}
