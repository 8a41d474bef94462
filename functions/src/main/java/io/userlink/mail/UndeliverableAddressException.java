package io.userlink.mail;

/**
 * The mail service cannot take the mail's address, and never will: sending it again cannot help, and would hold up
 * the mails behind it.
 */
public final class UndeliverableAddressException extends MailRefusal {

    public UndeliverableAddressException(String reason) {
        super(reason);
    }
}
