package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.local.iam.AwsError;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local SES takes the addresses SES takes: 7-bit ASCII, a domain beyond ASCII in its IDNA form. */
class LocalSesTest {

    @TempDir
    Path outbox;

    @Test
    void sendEmailWhenARecipientIsBeyondAsciiThenRefusedAsSesRefusesIt() {
        LocalSes ses = new LocalSes(Set.of("example.com"), outbox, mail -> { });

        AwsError refused = assertThrows(AwsError.class, () -> ses.sendEmail(request("bea@müller.de")));

        assertEquals(400, refused.status());
        assertEquals("BadRequestException", refused.type());
        assertEquals(List.of(), ses.sent());
    }

    @Test
    void sendEmailWhenTheDomainIsInItsIdnaFormThenSent() throws AwsError {
        LocalSes ses = new LocalSes(Set.of("example.com"), outbox, mail -> { });

        ses.sendEmail(request("bea@xn--mller-kva.de"));

        assertEquals("bea@xn--mller-kva.de", ses.sent().getFirst().to());
    }

    private static ObjectNode request(String to) {
        ObjectNode request = new ObjectMapper().createObjectNode().put("FromEmailAddress", "no-reply@example.com");
        request.putObject("Destination").putArray("ToAddresses").add(to);
        ObjectNode simple = request.putObject("Content").putObject("Simple");
        simple.putObject("Subject").put("Data", "Activate");
        simple.putObject("Body").putObject("Text").put("Data", "text");
        return request;
    }
}
