package io.userlink.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.app.MailTemplates;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values land escaped for where they land (README, "Account mail"). */
class MailRendererTest {

    private static final MailTemplates.Template TEMPLATE = new MailTemplates.Template("Hi {attributes.name}",
            "Hi {attributes.name},\n{link}\n{attributes.missing}.", "<p title=\"{attributes.name}\">{email}</p><a href=\"{link}\">");

    @Test
    void renderWhenValuesHoldMarkupAndLinesThenEscapedOneLineAndCut() {
        RenderedMail mail = MailRenderer.render(TEMPLATE, Map.of(
                "attributes.name", "<b>\"Ann\" & 'co'</b>\r\nBcc: eve@example.com\u2028" + "x".repeat(200),
                "email", "ann@example.com",
                "link", "https://app.example.com/c?token=ulm_a&b"));

        String prefix = "<b>\"Ann\" & 'co'</b>  Bcc: eve@example.com ";
        String name = prefix + "x".repeat(MailRenderer.MAX_VALUE_LENGTH - prefix.length());
        assertEquals("Hi " + name, mail.subject());
        assertEquals("Hi " + name + ",\nhttps://app.example.com/c?token=ulm_a&b\n.", mail.text());
        assertEquals("<p title=\"" + MailRenderer.escapeHtml(name) + "\">ann@example.com</p>"
                + "<a href=\"https://app.example.com/c?token=ulm_a&amp;b\">", mail.html());
        assertEquals("&lt;b&gt;&quot;Ann&quot; &amp; &#39;co&#39;&lt;/b&gt;", MailRenderer.escapeHtml("<b>\"Ann\" & 'co'</b>"));
    }

    @Test
    void toStringThenNoLinkOrText() {
        RenderedMail mail = new RenderedMail("subject", "ulm_secret", "<a href=\"ulm_secret\">");

        assertEquals("RenderedMail[7 characters of subject]", mail.toString());
    }
}
