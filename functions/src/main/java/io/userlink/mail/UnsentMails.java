package io.userlink.mail;

import io.userlink.id.RandomIds;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The mails the sender gave up on (their stream records used every retry and wait in the dead-letter queue), sent
 * again once what refused them is mended. Each goes back to the sender as a new outbox item, which the stream carries
 * to it as any new mail, so it is rendered, checked (its account still there, its link still the newest) and sent
 * as every mail is; the old item is marked dropped in the same write. A mail whose link has died is not sent again:
 * its link would only be refused (but a move's notice, which the sender sends without it).
 */
public final class UnsentMails {

    /** The reason an unsent mail sent again is marked dropped with. */
    public static final String REQUEUED = "requeued";
    /** The reason an unsent mail whose link died is marked dropped with. */
    public static final String LINK_EXPIRED = "link-expired";
    /** The reason an unsent mail the operator gave up on is marked dropped with. */
    public static final String DROPPED_BY_OPERATOR = "by-operator";

    /** What became of one unsent mail. */
    public sealed interface Outcome {
        OutboxMail mail();

        /** Handed to the sender again, as {@code copy}. */
        record Requeued(OutboxMail mail, OutboxMail copy) implements Outcome {}

        /** Marked dropped: its link stopped working at {@code expiredAt}. */
        record LinkExpired(OutboxMail mail, Instant expiredAt) implements Outcome {}

        /** Left alone: a sender claimed it, or marked it sent, meanwhile. */
        record Taken(OutboxMail mail) implements Outcome {}
    }

    private final Outbox outbox;
    private final RandomIds ids;
    private final InstantSource clock;

    public UnsentMails(Outbox outbox, RandomIds ids, InstantSource clock) {
        this.outbox = Objects.requireNonNull(outbox);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The mails in the outbox that are neither sent nor dropped, oldest first (a query of the list of unsent mails). */
    public List<OutboxMail> find() {
        return outbox.unsent(clock.instant());
    }

    /**
     * Marks the unsent mail of {@code outboxId} dropped, so that it is not sent again: one that SES refuses for itself
     * would fail, and raise the alarm, after every {@link #sendAgain}.
     *
     * @return whether it did: not for a mail sent or dropped already, one a sender holds, or an id no mail has
     */
    public boolean drop(String outboxId) {
        return outbox.dropIfUnclaimed(outboxId, DROPPED_BY_OPERATOR, clock.instant());
    }

    /** Sends {@code mail}, one of {@link #find()}, again, unless its link has died or a sender took it meanwhile. */
    public Outcome sendAgain(OutboxMail mail) {
        Instant now = clock.instant();
        Optional<Instant> linkExpiry = mail.linkDiedBy(now);
        // A move's notice goes out without its dead link back (AccountMailDelivery): its owner must learn of the move.
        if (linkExpiry.isPresent() && mail.kind().withoutLink().isEmpty()) {
            return outbox.dropIfUnclaimed(mail.outboxId(), LINK_EXPIRED, now)
                    ? new Outcome.LinkExpired(mail, linkExpiry.get()) : new Outcome.Taken(mail);
        }
        OutboxMail copy = mail.underNewId(ids);
        return outbox.requeue(mail, copy, now) ? new Outcome.Requeued(mail, copy) : new Outcome.Taken(mail);
    }
}
