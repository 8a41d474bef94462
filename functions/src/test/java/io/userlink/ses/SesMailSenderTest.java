package io.userlink.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.mail.MailNotAcceptedException;
import io.userlink.mail.RenderedMail;
import io.userlink.mail.UndeliverableAddressException;
import io.userlink.user.EmailAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * What the mail sender's log learns when SES refuses a mail: enough for the person on call (the refusal's code, its
 * status and the request id AWS support asks for), and nothing of SES's message, which names the address. And how
 * addresses reach SES, which takes only 7-bit ASCII.
 */
class SesMailSenderTest {

    private static final EmailAddress BEA = new EmailAddress("bea@example.com");
    private static final RenderedMail MAIL = new RenderedMail("Activate", "text", "<p>html</p>");

    @Test
    void sendWhenSesRefusesThenTheRefusalsCodeStatusAndRequestIdAndNeverTheAddress() {
        SesMailSender sender = new SesMailSender(refusing((SesV2Exception) SesV2Exception.builder()
                .message("User is not authorized to perform ses:SendEmail on resource identity/bea@example.com")
                .statusCode(403).requestId("R-9")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build())
                .build()), "no-reply@example.com", Optional.empty());

        MailNotAcceptedException refused = assertThrows(MailNotAcceptedException.class,
                () -> sender.send(BEA, MAIL, "out-1"));

        assertEquals("SES refused the mail: AccessDeniedException (status 403, request id R-9)", refused.reason());
        assertFalse(refused.toString().contains("bea@"), refused.toString());
    }

    /** A refusal without error details (as the SDK builds some) is named by its kind. */
    @Test
    void sendWhenTheRefusalHasNoErrorCodeThenItsKindNamesIt() {
        SesMailSender sender = new SesMailSender(refusing((SesV2Exception) SesV2Exception.builder()
                .message("refused bea@example.com").statusCode(500).requestId("R-10").build()),
                "no-reply@example.com", Optional.empty());

        MailNotAcceptedException refused = assertThrows(MailNotAcceptedException.class,
                () -> sender.send(BEA, MAIL, "out-2"));

        assertEquals("SES refused the mail: SesV2Exception (status 500, request id R-10)", refused.reason());
    }

    @Test
    void sendWhenTheDomainIsInternationalThenSesGetsItsIdnaForm() {
        List<SendEmailRequest> requests = new ArrayList<>();
        SesMailSender sender = new SesMailSender(answering(requests), "no-reply@example.com", Optional.empty());

        sender.send(EmailAddress.parse("bea@müller.de").orElseThrow(), MAIL, "out-3");

        assertEquals(List.of("bea@xn--mller-kva.de"), requests.getFirst().destination().toAddresses());
    }

    @Test
    void sendWhenTheAddressHasNoAsciiFormThenUndeliverableAndSesIsNotCalled() {
        List<SendEmailRequest> requests = new ArrayList<>();
        SesMailSender sender = new SesMailSender(answering(requests), "no-reply@example.com", Optional.empty());

        UndeliverableAddressException undeliverable = assertThrows(UndeliverableAddressException.class,
                () -> sender.send(EmailAddress.parse("josé@example.com").orElseThrow(), MAIL, "out-4"));

        assertEquals(List.of(), requests);
        assertEquals("SES takes only addresses in 7-bit ASCII: this one's local part is not, or its domain has no IDNA"
                + " form that names it alone", undeliverable.reason(), "the log's words, and never the address");
    }

    private static SesV2Client answering(List<SendEmailRequest> requests) {
        return client(request -> {
            requests.add(request);
            return SendEmailResponse.builder().messageId("M-" + requests.size()).build();
        });
    }

    private static SesV2Client refusing(SesV2Exception refusal) {
        return client(request -> {
            throw refusal;
        });
    }

    private static SesV2Client client(Function<SendEmailRequest, SendEmailResponse> sendEmail) {
        return new SesV2Client() {
            @Override
            public SendEmailResponse sendEmail(SendEmailRequest request) {
                return sendEmail.apply(request);
            }

            @Override
            public String serviceName() {
                return "ses";
            }

            @Override
            public void close() {}
        };
    }
}
