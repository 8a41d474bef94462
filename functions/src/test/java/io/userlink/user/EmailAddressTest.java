package io.userlink.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One mailbox, one account: how addresses are normalised and which are refused. */
class EmailAddressTest {

    @Test
    void parseNormalisesCaseWidthAndSurroundingSpace() {
        assertEquals(Optional.of(new EmailAddress("ann@example.com")), EmailAddress.parse("  Ann@Example.COM "));
        assertEquals(Optional.of(new EmailAddress("ann@example.com")), EmailAddress.parse("ａｎｎ@example.com"));
    }

    @Test
    void parseWhenNotTheShapeOfAnAddressThenEmpty() {
        for (String bad : new String[] {"", "ann", "@example.com", "ann@", "ann@example", "ann@@example.com",
                "a@b@example.com", "ann smith@example.com", "ann@example..com", "ann@.example.com", "ann@example.com.",
                "<ann@example.com>", "ann\u0000@example.com", "x".repeat(65) + "@example.com",
                "ann@" + "d".repeat(250) + ".com"}) {
            assertEquals(Optional.empty(), EmailAddress.parse(bad), bad);
        }
    }

    @Test
    void localPartIsBeforeTheAt() {
        assertEquals("ann.smith+news", EmailAddress.parse("ann.smith+news@example.com").orElseThrow().localPart());
    }

    @Test
    void asciiFormWhenAsciiThenTheAddressItself() {
        assertEquals(Optional.of("ann.smith+news@example.com"),
                EmailAddress.parse("Ann.Smith+news@Example.com").orElseThrow().asciiForm());
    }

    /** SES takes a domain beyond ASCII in its IDNA form (Punycode). */
    @Test
    void asciiFormWhenTheDomainIsInternationalThenItsIdnaForm() {
        assertEquals(Optional.of("bea@xn--mller-kva.de"), EmailAddress.parse("bea@Müller.de").orElseThrow().asciiForm());
        assertEquals(Optional.of("li@xn--fsqu00a.xn--4rr70v"), EmailAddress.parse("li@例子.广告").orElseThrow().asciiForm());
    }

    @Test
    void asciiFormWhenTheLocalPartIsBeyondAsciiThenNone() {
        assertEquals(Optional.empty(), EmailAddress.parse("josé@example.com").orElseThrow().asciiForm());
    }

    /**
     * The JDK's IDNA (2003) maps ß to ss, final sigma to sigma and drops joiners, where registries (IDNA2008) keep them:
     * the IDNA form would name another domain, so there is none. An emoji domain has none either.
     */
    @Test
    void asciiFormWhenTheIdnaFormWouldNameAnotherDomainThenNone() {
        for (String address : new String[] {"bea@straße.de", "bea@σίσυφος.gr", "bea@a\u200db.example", "bea@😀.example"}) {
            assertEquals(Optional.empty(), EmailAddress.parse(address).orElseThrow().asciiForm(), address);
        }
    }
}
