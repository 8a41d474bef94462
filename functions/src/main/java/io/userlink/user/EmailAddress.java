package io.userlink.user;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * An account's email address, normalised so that one mailbox is one account: NFKC, trimmed, lower case, and each
 * domain label typed in its IDNA form ({@code xn--…}) in its Unicode form, so that {@code bea@xn--mller-kva.de} and
 * {@code bea@müller.de} are one account and one count of failed sign-ins. (RFC 5321 lets a mail server treat the
 * local part's case as significant; no common provider does, and two accounts for {@code Ann@} and {@code ann@}
 * would surprise everyone.) Only the shape is checked here: a mail that cannot be delivered is the next step's
 * concern.
 */
public record EmailAddress(String value) {

    /** RFC 5321 §4.5.3.1: 64 characters of local part, 255 of domain, 254 in a forward path. */
    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_PART = 64;
    /** RFC 5322's specials but {@code @} and {@code .}, whose places are checked apart: none is in an unquoted address. */
    private static final String SPECIALS = "()<>[]\\,;:\"";

    public EmailAddress {
        Objects.requireNonNull(value);
    }

    /** The normalised address, or empty when {@code typed} is not the shape of one. */
    public static Optional<EmailAddress> parse(String typed) {
        String normalised = normalised(typed);
        int at = normalised.lastIndexOf('@');
        String domain = unicodeLabels(normalised.substring(at + 1));
        String address = normalised.substring(0, at + 1) + domain;
        if (address.length() > MAX_LENGTH || at < 1 || at > MAX_LOCAL_PART || address.indexOf('@') != at) {
            return Optional.empty();
        }
        boolean domainShaped = domain.contains(".") && !domain.startsWith(".") && !domain.endsWith(".")
                && !domain.contains("..");
        boolean printable = address.codePoints().allMatch(c -> !Character.isISOControl(c) && !Character.isWhitespace(c)
                && SPECIALS.indexOf(c) < 0);
        return domainShaped && printable ? Optional.of(new EmailAddress(address)) : Optional.empty();
    }

    /**
     * This address as {@link #parse} reads it today: an account's address kept before parse read IDNA labels as
     * Unicode ({@code bea@xn--mller-kva.de}) in the form a sign-in with it gives ({@code bea@müller.de}).
     */
    public EmailAddress canonical() {
        return parse(value).orElse(this);
    }

    /** The part before the {@code @}. */
    public String localPart() {
        return value.substring(0, value.lastIndexOf('@'));
    }

    private String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    /**
     * This address with its domain in IDNA form, as {@link #parse} kept it when typed so before it read such labels
     * as Unicode; empty when the domain is in ASCII or has no IDNA form. A store finds the accounts registered then.
     */
    public Optional<EmailAddress> idnaSpelling() {
        String domain = domain();
        return isAscii(domain) ? Optional.empty()
                : asciiDomain(domain).map(asciiDomain -> new EmailAddress(localPart() + "@" + asciiDomain));
    }

    /**
     * The address as mail without SMTPUTF8 (RFC 6531) takes it, as Amazon SES does: the local part in 7-bit ASCII, the
     * domain in ASCII or in its IDNA form (Punycode, RFC 3492). Empty when it has none: a local part beyond ASCII, or
     * a domain whose IDNA form names another domain. {@link IDN} follows IDNA2003, which maps characters that
     * IDNA2008, what registries follow, keeps: {@code straße.de} would become {@code strasse.de}, someone else's
     * domain, and a reset link would go there. So a domain is taken only when its IDNA form reads back as itself.
     * A local part that is not a dot-atom (a dot first, last or twice in a row, as some Japanese carriers' addresses
     * have) is quoted, the one form RFC 5321 §4.1.2 gives it; it holds no quote or backslash to escape.
     */
    public Optional<String> asciiForm() {
        String localPart = localPart();
        if (!isAscii(localPart)) {
            return Optional.empty();
        }
        String mailbox = isDotAtom(localPart) ? localPart : '"' + localPart + '"';
        return asciiDomain(domain()).map(asciiDomain -> mailbox + "@" + asciiDomain)
                .filter(address -> mailbox.length() <= MAX_LOCAL_PART && address.length() <= MAX_LENGTH);
    }

    /** The domain in ASCII: itself, or its IDNA form when that reads back as the same domain (see {@link #asciiForm}). */
    private static Optional<String> asciiDomain(String domain) {
        if (isAscii(domain)) {
            return Optional.of(domain);
        }
        String asciiDomain;
        try {
            asciiDomain = IDN.toASCII(domain);
        } catch (IllegalArgumentException notConvertible) {
            return Optional.empty();
        }
        return IDN.toUnicode(asciiDomain).equals(domain) ? Optional.of(asciiDomain) : Optional.empty();
    }

    private static String normalised(String typed) {
        return Normalizer.normalize(typed, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The domain with each label in IDNA form read as Unicode. {@link IDN#toUnicode} gives a label back unchanged
     * unless it reads back as itself, so a label whose Unicode form IDNA2003 would map elsewhere ({@code xn--strae-oqa},
     * IDNA2008's {@code straße}) stays as typed; one that normalisation would change again stays too (IDNA2003
     * decodes some labels to Cherokee capitals, which lower case changes: parsing twice must give one address).
     */
    private static String unicodeLabels(String domain) {
        StringJoiner labels = new StringJoiner(".");
        for (String label : domain.split("\\.", -1)) {
            String unicode = label.startsWith("xn--") ? IDN.toUnicode(label) : label;
            labels.add(normalised(unicode).equals(unicode) ? unicode : label);
        }
        return labels.toString();
    }

    /** RFC 5322's dot-atom: atoms joined by single dots (the characters {@link #parse} already took). */
    private static boolean isDotAtom(String localPart) {
        return !localPart.startsWith(".") && !localPart.endsWith(".") && !localPart.contains("..");
    }

    private static boolean isAscii(String text) {
        return StandardCharsets.US_ASCII.newEncoder().canEncode(text);
    }
}
