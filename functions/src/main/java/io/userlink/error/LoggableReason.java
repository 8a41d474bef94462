package io.userlink.error;

/**
 * A failure that says what went wrong in words fit for the log of the person on call: never a secret, a token, an
 * address or a mail's text, so the reason is logged as it is.
 */
public interface LoggableReason {

    /** What went wrong, for logs. */
    String reason();
}
