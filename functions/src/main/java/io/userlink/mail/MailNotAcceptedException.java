package io.userlink.mail;

import io.userlink.error.LoggableReason;
import java.util.Objects;

/**
 * The mail service refused a mail. The reason names the refusal (its code, status and request id) and never quotes
 * the service's message, which may name the address.
 */
public final class MailNotAcceptedException extends RuntimeException implements LoggableReason {

    public MailNotAcceptedException(String reason) {
        super(Objects.requireNonNull(reason), null, false, false);
    }

    @Override
    public String reason() {
        return getMessage();
    }
}
