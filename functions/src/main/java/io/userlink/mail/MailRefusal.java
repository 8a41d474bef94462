package io.userlink.mail;

import io.userlink.error.LoggableReason;
import java.util.Objects;

/**
 * The mail service did not take a mail. The reason names the refusal and never quotes the service's own message,
 * which may name the address; what a sender does next depends on the kind.
 */
public abstract sealed class MailRefusal extends RuntimeException implements LoggableReason
        permits MailNotAcceptedException, UndeliverableAddressException {

    protected MailRefusal(String reason) {
        super(Objects.requireNonNull(reason), null, false, false);
    }

    @Override
    public final String reason() {
        return getMessage();
    }
}
