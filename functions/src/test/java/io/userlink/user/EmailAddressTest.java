package io.userlink.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
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

    /** RFC 5321's limits are where they are: a local part of 1 to 64 characters, 254 in all. */
    @Test
    void parseAtTheLimitsThenTakenAndOneBeyondThenEmpty() {
        String domainOf189 = "d".repeat(185) + ".com";
        for (String good : new String[] {"a@example.com", "x".repeat(64) + "@example.com",
                "x".repeat(64) + "@" + domainOf189}) {
            assertEquals(Optional.of(new EmailAddress(good)), EmailAddress.parse(good), good);
        }
        for (String bad : new String[] {"x".repeat(65) + "@example.com", "x".repeat(64) + "@d" + domainOf189}) {
            assertEquals(Optional.empty(), EmailAddress.parse(bad), bad);
        }
    }

    /** Each character that cannot stand unquoted in an address, controls and spaces (after NFKC) refused alone. */
    @Test
    void parseWhenASpecialAControlOrASpaceThenEmpty() {
        for (char refused : "()<>[]\\,;:\"\t\u007f\u0085 \u00a0\u2003".toCharArray()) {
            String address = "an" + refused + "n@example.com";
            assertEquals(Optional.empty(), EmailAddress.parse(address), "U+%04X".formatted((int) refused));
        }
        assertEquals(Optional.of(new EmailAddress("a.n!#$%&'*+-/=?^_`{|}~n@example.com")),
                EmailAddress.parse("a.n!#$%&'*+-/=?^_`{|}~n@example.com"));
    }

    /** One mailbox has two spellings when its domain is international: both are the one account's address. */
    @Test
    void parseWhenADomainLabelIsInIdnaFormThenItsUnicodeForm() {
        assertEquals(Optional.of(new EmailAddress("bea@müller.de")), EmailAddress.parse("bea@xn--mller-kva.de"));
        assertEquals(Optional.of(new EmailAddress("bea@müller.de")), EmailAddress.parse("Bea@XN--MLLER-KVA.De"));
        assertEquals(Optional.of(new EmailAddress("li@例子.广告")), EmailAddress.parse("li@xn--fsqu00a.xn--4rr70v"));
        assertEquals(Optional.of(new EmailAddress("li@例子.广告")), EmailAddress.parse("li@例子.xn--4rr70v"));
        assertEquals(Optional.of(new EmailAddress("xn--mller-kva@bücher.de")),
                EmailAddress.parse("xn--mller-kva@xn--bcher-kva.de"), "only the domain's labels");
    }

    /**
     * A label the JDK's IDNA (2003) cannot read back as itself stays as typed: {@code xn--strae-oqa} is IDNA2008's
     * {@code straße}, which IDNA2003 maps to {@code strasse}; {@code xn--ls8h} is an emoji unknown to IDNA2003's tables.
     */
    @Test
    void parseWhenAnIdnaLabelDoesNotReadBackThenAsTyped() {
        for (String address : new String[] {"bea@xn--strae-oqa.de", "bea@xn--ls8h.example", "bea@xn--.example",
                "bea@xn--zzzzzzzz.example"}) {
            assertEquals(Optional.of(new EmailAddress(address)), EmailAddress.parse(address), address);
        }
    }

    /** An address kept in a form parse no longer gives is read as parse reads it now; one it cannot read stays. */
    @Test
    void canonicalIsTheAddressAsParseReadsItNow() {
        assertEquals(new EmailAddress("bea@müller.de"), new EmailAddress("bea@xn--mller-kva.de").canonical());
        assertEquals(new EmailAddress("ann@example.com"), new EmailAddress("ann@example.com").canonical());
        assertEquals(new EmailAddress("Not one"), new EmailAddress("Not one").canonical());
    }

    /**
     * Over domains mixing both spellings, scripts, joiners, final sigma and labels IDNA2003 cannot read: an address's
     * IDNA spelling (where an older account may hold it) parses back to the address, and parsing an address again
     * changes nothing, so every spelling of one mailbox reaches one key.
     */
    @Test
    void parseWhenDomainsMixSpellingsThenTheIdnaSpellingParsesBackAndParsingAgainChangesNothing() {
        String[] pieces = {"xn--", "XN--", "a", "ü", "-", "例", "ß", "\u200d", "😀", "kva", "mller", "1", "ｘｎ－－", "Ä", "ς",
                "xn--mller-kva", "xn--bcher-kva", "xn--strae-oqa", "xn--ls8h", "xn--fsqu00a"};
        Random random = new Random(7);
        int withIdnaSpelling = 0;
        for (int i = 0; i < 2_000; i++) {
            StringBuilder typed = new StringBuilder("u@");
            for (int label = 0, labels = 2 + random.nextInt(3); label < labels; label++) {
                typed.append(label > 0 ? "." : "");
                for (int piece = 0, count = 1 + random.nextInt(3); piece < count; piece++) {
                    typed.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            Optional<EmailAddress> address = EmailAddress.parse(typed.toString());
            assertEquals(address, address.map(parsed -> parsed.canonical()), typed.toString());
            Optional<EmailAddress> idnaSpelling = address.flatMap(EmailAddress::idnaSpelling);
            if (idnaSpelling.isPresent()) {
                withIdnaSpelling++;
                assertEquals(address, EmailAddress.parse(idnaSpelling.get().value()), typed.toString());
            }
        }
        assertTrue(withIdnaSpelling > 200, "international domains among them: " + withIdnaSpelling);
    }

    @Test
    void idnaSpellingIsTheAddressWithItsDomainInIdnaForm() {
        assertEquals(Optional.of(new EmailAddress("josé@xn--mller-kva.de")),
                EmailAddress.parse("josé@müller.de").orElseThrow().idnaSpelling());
        assertEquals(Optional.of(new EmailAddress("li@xn--fsqu00a.xn--4rr70v")),
                EmailAddress.parse("li@例子.广告").orElseThrow().idnaSpelling());
        assertEquals(Optional.empty(), EmailAddress.parse("bea@example.com").orElseThrow().idnaSpelling());
        assertEquals(Optional.empty(), EmailAddress.parse("bea@straße.de").orElseThrow().idnaSpelling(), "no IDNA form");
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

    /** The IDNA form is longer than the domain as typed: it must still fit the 254 characters of a forward path. */
    @Test
    void asciiFormWhenTheIdnaFormMakesTheAddressLongerThan254ThenNone() {
        String domain = "müller" + ("." + "d".repeat(63)).repeat(3) + ".de";
        String fits = "x".repeat(45) + "@" + domain;
        String over = "x".repeat(46) + "@" + domain;

        assertEquals(254, fits.length() + "xn--mller-kva".length() - "müller".length());
        assertEquals(Optional.of(fits.replace("müller", "xn--mller-kva")),
                EmailAddress.parse(fits).orElseThrow().asciiForm());
        assertEquals(Optional.empty(), EmailAddress.parse(over).orElseThrow().asciiForm());
    }

    /**
     * Local parts that RFC 5322's dot-atom refuses, which Japanese carriers gave out for years, go quoted (RFC 5321's
     * Quoted-string), within the 64 octets of a local part.
     */
    @Test
    void asciiFormWhenTheLocalPartIsNoDotAtomThenQuoted() {
        assertEquals(Optional.of("\"taro..yamada\"@docomo.ne.jp"),
                EmailAddress.parse("taro..yamada@docomo.ne.jp").orElseThrow().asciiForm());
        assertEquals(Optional.of("\"taro.\"@ezweb.ne.jp"), EmailAddress.parse("taro.@ezweb.ne.jp").orElseThrow().asciiForm());
        assertEquals(Optional.of("\".taro\"@xn--mller-kva.de"), EmailAddress.parse(".taro@müller.de").orElseThrow().asciiForm());
        assertEquals(Optional.of("t.a.r.o@docomo.ne.jp"), EmailAddress.parse("t.a.r.o@docomo.ne.jp").orElseThrow().asciiForm());
        String quotedFits = "a".repeat(60) + "..@docomo.ne.jp";
        assertEquals(Optional.of("\"" + "a".repeat(60) + "..\"@docomo.ne.jp"),
                EmailAddress.parse(quotedFits).orElseThrow().asciiForm(), "64 octets quoted");
        assertEquals(Optional.empty(), EmailAddress.parse("a" + quotedFits).orElseThrow().asciiForm(), "65 octets quoted");
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
