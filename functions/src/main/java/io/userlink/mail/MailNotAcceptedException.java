package io.userlink.mail;

/**
 * The mail service refused a mail (its code, status and request id say why): sent again, it may be taken, once what
 * refused it has passed or been mended.
 */
public final class MailNotAcceptedException extends MailRefusal {

    public MailNotAcceptedException(String reason) {
        super(reason);
    }
}
