package io.userlink.mail;

import io.userlink.error.LoggableReason;
import java.util.Objects;

/**
 * The mail service cannot take the mail's address, and never will: sending it again cannot help, and would hold up
 * the mails behind it. The reason says why without naming the address.
 */
public final class UndeliverableAddressException extends RuntimeException implements LoggableReason {

    public UndeliverableAddressException(String reason) {
        super(Objects.requireNonNull(reason), null, false, false);
    }

    @Override
    public String reason() {
        return getMessage();
    }
}
