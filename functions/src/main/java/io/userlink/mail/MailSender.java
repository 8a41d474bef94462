package io.userlink.mail;

import io.userlink.user.EmailAddress;

/** Where rendered mails leave Userlink: Amazon SES in a deployment, the outbox directory locally. */
public interface MailSender {

    /**
     * Sends one mail.
     *
     * @param outboxId the outbox item's id, tagged on the message so a delivery can be traced to it
     * @return the id the mail service gave the message
     * @throws UndeliverableAddressException when the mail service cannot take {@code to}, now or ever
     * @throws RuntimeException when the mail was not accepted otherwise; the caller may try again
     */
    String send(EmailAddress to, RenderedMail mail, String outboxId);
}
