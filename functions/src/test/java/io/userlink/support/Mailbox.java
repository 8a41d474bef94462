package io.userlink.support;

import io.userlink.mail.MailSender;
import io.userlink.mail.RenderedMail;
import io.userlink.mail.UndeliverableAddressException;
import io.userlink.user.EmailAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mail service that keeps what it is sent, as a person's inbox would, and can fail a number of sends first (as
 * SES does when it cannot take a mail for a moment). Like SES, it cannot take an address without an ASCII form.
 */
public final class Mailbox implements MailSender {

    /** One mail as received. */
    public record Received(EmailAddress to, RenderedMail mail, String outboxId) {
        private static final Pattern TOKEN = Pattern.compile("ulm_[A-Za-z0-9_.-]+");

        /** The token of the mail's link, as the person's app would read it from the link. */
        public String token() {
            Matcher found = TOKEN.matcher(mail.text());
            if (!found.find()) {
                throw new AssertionError("no link token in: " + mail.text());
            }
            return found.group();
        }
    }

    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    @Override
    public synchronized String send(EmailAddress to, RenderedMail mail, String outboxId) {
        if (to.asciiForm().isEmpty()) {
            throw new UndeliverableAddressException("no ASCII form");
        }
        if (failures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new IllegalStateException("the mail service is unavailable (a failure the test asked for)");
        }
        received.add(new Received(to, mail, outboxId));
        return "message-" + received.size();
    }

    /** Fails the next {@code count} sends. */
    public void failNext(int count) {
        failures.set(count);
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The mails {@code address} received, oldest first. */
    public synchronized List<Received> to(String address) {
        return received.stream().filter(mail -> mail.to().value().equals(address)).toList();
    }

    /** The newest mail to {@code address}. */
    public synchronized Optional<Received> last(String address) {
        List<Received> mails = to(address);
        return mails.isEmpty() ? Optional.empty() : Optional.of(mails.getLast());
    }
}
