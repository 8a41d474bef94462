package io.userlink.ses;

import io.userlink.mail.MailNotAcceptedException;
import io.userlink.mail.MailSender;
import io.userlink.mail.RenderedMail;
import io.userlink.mail.UndeliverableAddressException;
import io.userlink.user.EmailAddress;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Sends mails through Amazon SES (API v2, {@code SendEmail} with simple content: SES builds the MIME message). Each
 * message is tagged with its outbox id, so SES's events (through a configuration set) can be traced to the outbox.
 * SES takes addresses in 7-bit ASCII only (it has no SMTPUTF8): a domain goes in its IDNA form, and an address
 * without an ASCII form is not sent at all.
 */
public final class SesMailSender implements MailSender {

    /** The message tag that carries the outbox id. */
    public static final String OUTBOX_TAG = "userlink_outbox_id";
    private static final String CHARSET = "UTF-8";

    private final SesV2Client ses;
    private final String fromAddress;
    private final Optional<String> configurationSet;

    /**
     * @param fromAddress the sender, e.g. {@code Example <no-reply@example.com>}; its domain or address must be a
     *     verified SES identity the function may send from
     * @param configurationSet the SES configuration set to send with, if any
     */
    public SesMailSender(SesV2Client ses, String fromAddress, Optional<String> configurationSet) {
        this.ses = Objects.requireNonNull(ses);
        this.fromAddress = Objects.requireNonNull(fromAddress);
        this.configurationSet = Objects.requireNonNull(configurationSet);
    }

    /**
     * @throws UndeliverableAddressException when the address has no form SES takes ({@link EmailAddress#asciiForm})
     * @throws MailNotAcceptedException when SES refuses the mail (its message may name the address: not kept)
     */
    @Override
    public String send(EmailAddress to, RenderedMail mail, String outboxId) {
        String address = to.asciiForm().orElseThrow(() -> new UndeliverableAddressException("SES takes only addresses"
                + " in 7-bit ASCII: this one's local part is not, or its domain has no IDNA form that names it alone"));
        try {
            return sendEmail(address, mail, outboxId);
        } catch (SesV2Exception refusal) {
            AwsErrorDetails details = refusal.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? refusal.getClass().getSimpleName()
                    : details.errorCode();
            throw new MailNotAcceptedException("SES refused the mail: " + code + " (status " + refusal.statusCode()
                    + ", request id " + refusal.requestId() + ")");
        }
    }

    private String sendEmail(String to, RenderedMail mail, String outboxId) {
        return ses.sendEmail(request -> request
                .fromEmailAddress(fromAddress)
                .destination(destination -> destination.toAddresses(to))
                .content(content -> content.simple(message -> message
                        .subject(subject -> subject.data(mail.subject()).charset(CHARSET))
                        .body(body -> body
                                .text(text -> text.data(mail.text()).charset(CHARSET))
                                .html(html -> html.data(mail.html()).charset(CHARSET)))))
                .emailTags(MessageTag.builder().name(OUTBOX_TAG).value(outboxId).build())
                .configurationSetName(configurationSet.orElse(null))).messageId();
    }
}
