package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.userlink.local.iam.AwsError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Amazon SES (API v2) {@code SendEmail} with simple content, as far as Userlink uses it: the sender must be a
 * verified identity (an address, or its domain), the recipients' addresses 7-bit ASCII (SES has no SMTPUTF8: a
 * domain beyond ASCII goes in its IDNA form), and each accepted mail is written where a person can read it, as an
 * RFC 5322 message in a {@code .eml} file, with one line saying to whom it went and its subject.
 */
public final class LocalSes {

    /** One accepted mail: its file, and what the line about it says. */
    public record SentMail(String messageId, String to, String subject, Path file) {}

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    /** RFC 5322 2.1.1: no line longer than 998 characters; longer ones go base64-encoded. */
    private static final int MAX_LINE = 998;

    private final Set<String> verifiedIdentities;
    private final Path outbox;
    private final Consumer<SentMail> onSent;
    private final List<SentMail> sent = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    /**
     * @param verifiedIdentities the domains and addresses SES would send from (the template's MailSesIdentity)
     * @param outbox where the {@code .eml} files go
     * @param onSent told of every accepted mail (the local runtime prints a line)
     */
    public LocalSes(Set<String> verifiedIdentities, Path outbox, Consumer<SentMail> onSent) {
        this.verifiedIdentities = Set.copyOf(verifiedIdentities);
        this.outbox = outbox;
        this.onSent = onSent;
    }

    /**
     * The identity that sending from {@code fromAddress} uses: the address itself when verified, else its domain
     * when verified.
     *
     * @throws AwsError {@code MessageRejected} when neither is, as SES answers
     */
    String identity(String fromAddress) throws AwsError {
        String address = bareAddress(fromAddress).toLowerCase(Locale.ROOT);
        String domain = address.substring(address.indexOf('@') + 1);
        return verifiedIdentities.stream().map(identity -> identity.toLowerCase(Locale.ROOT))
                .filter(identity -> identity.equals(address)).findFirst()
                .or(() -> verifiedIdentities.stream().filter(identity -> identity.equalsIgnoreCase(domain)).findFirst())
                .orElseThrow(() -> new AwsError(400, "MessageRejected", "Email address is not verified. The following"
                        + " identities failed the check in region " + LocalDeployment.REGION.toUpperCase(Locale.ROOT)
                        + ": " + fromAddress));
    }

    /**
     * Makes the next {@code count} sends fail as SES does while the account's sending is paused (an error the SDK
     * does not retry by itself, so the caller's own retries are what is exercised).
     */
    public void failNextSends(int count) {
        failures.set(count);
    }

    /** The mails accepted so far, oldest first. */
    public synchronized List<SentMail> sent() {
        return List.copyOf(sent);
    }

    /** {@code POST /v2/email/outbound-emails}: the response body's {@code MessageId}. */
    synchronized String sendEmail(JsonNode request) throws AwsError {
        if (failures.getAndUpdate(remaining -> Math.max(0, remaining - 1)) > 0) {
            throw new AwsError(400, "SendingPausedException", "Email sending is disabled for your entire Amazon SES"
                    + " account (a failure the test asked for)");
        }
        JsonNode simple = request.path("Content").path("Simple");
        JsonNode to = request.path("Destination").path("ToAddresses");
        if (simple.isMissingNode() || !to.isArray() || to.isEmpty()) {
            throw new AwsError(400, "BadRequestException", "the local SES serves SendEmail with Simple content and ToAddresses");
        }
        for (JsonNode address : to) {
            if (!address.asText().chars().allMatch(c -> c < 0x80)) {
                throw new AwsError(400, "BadRequestException", "Amazon SES does not support the SMTPUTF8 extension:"
                        + " an address must be 7-bit ASCII, its domain in Punycode");
            }
        }
        String messageId = UUID.randomUUID() + "-000000";
        String subject = simple.path("Subject").path("Data").asText();
        List<String> recipients = new ArrayList<>();
        to.forEach(address -> recipients.add(address.asText()));
        StringBuilder message = new StringBuilder()
                .append("From: ").append(request.path("FromEmailAddress").asText()).append("\r\n")
                .append("To: ").append(String.join(", ", recipients)).append("\r\n")
                .append("Subject: ").append(headerText(subject)).append("\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n")
                .append("Message-ID: <").append(messageId).append("@email.amazonses.com>\r\n");
        request.path("EmailTags").forEach(tag -> message.append("X-SES-MESSAGE-TAGS: ")
                .append(tag.path("Name").asText()).append('=').append(tag.path("Value").asText()).append("\r\n"));
        Optional.ofNullable(request.get("ConfigurationSetName")).map(JsonNode::asText)
                .ifPresent(set -> message.append("X-SES-CONFIGURATION-SET: ").append(set).append("\r\n"));
        String boundary = "userlink-" + UUID.randomUUID();
        message.append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/alternative; boundary=\"").append(boundary).append("\"\r\n\r\n");
        part(message, boundary, "text/plain", simple.path("Body").path("Text").path("Data").asText());
        part(message, boundary, "text/html", simple.path("Body").path("Html").path("Data").asText());
        message.append("--").append(boundary).append("--\r\n");
        Path file = outbox.resolve(FILE_TIME.format(java.time.Instant.now()) + "-" + messageId + ".eml");
        try {
            Files.createDirectories(outbox);
            Files.writeString(file, message, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        SentMail mail = new SentMail(messageId, String.join(", ", recipients), subject, file);
        sent.add(mail);
        onSent.accept(mail);
        return messageId;
    }

    private static void part(StringBuilder message, String boundary, String type, String body) {
        String normalized = body.replace("\r\n", "\n").replace("\n", "\r\n");
        boolean shortLines = normalized.lines().allMatch(line -> line.length() <= MAX_LINE);
        message.append("--").append(boundary).append("\r\n")
                .append("Content-Type: ").append(type).append("; charset=UTF-8\r\n")
                .append("Content-Transfer-Encoding: ").append(shortLines ? "8bit" : "base64").append("\r\n\r\n")
                .append(shortLines ? normalized : Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .append("\r\n");
    }

    /** A header value: as it is in ASCII, else an RFC 2047 encoded word. */
    private static String headerText(String text) {
        boolean ascii = text.chars().allMatch(c -> c >= ' ' && c < 0x7f);
        return ascii ? text : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** {@code Name <address>} or {@code address}: the address. */
    private static String bareAddress(String from) {
        int open = from.lastIndexOf('<');
        int close = from.lastIndexOf('>');
        return open >= 0 && close > open ? from.substring(open + 1, close).trim() : from.trim();
    }
}
