package io.userlink.mail;

import io.userlink.app.MailKind;
import io.userlink.id.RandomIds;
import io.userlink.user.EmailAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A mail waiting in the outbox: written in the same transaction as the change that causes it, and sent by the
 * mail sender once that transaction committed. It names what to send; the wording is rendered when it is sent.
 *
 * @param outboxId names the item, and keeps a mail from being sent twice
 * @param tokenId the token the mail's link carries, for mails with a link
 */
public record OutboxMail(String outboxId, MailKind kind, String appId, String userId, EmailAddress to,
                         Optional<String> tokenId, Instant createdAt) {

    /** How every outbox id begins. */
    public static final String ID_PREFIX = "out-";

    /**
     * The shortest time between two mails of one kind to one account that a request (not a change) causes: a
     * resend, a reset request, a registration of a known address. More requests within it mail nothing more, so
     * nobody can flood an inbox through Userlink.
     */
    public static final Duration REQUESTED_MAIL_INTERVAL = Duration.ofMinutes(1);

    public OutboxMail {
        Objects.requireNonNull(outboxId);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(to);
        Objects.requireNonNull(tokenId);
        Objects.requireNonNull(createdAt);
        if (kind.carriesLink() != tokenId.isPresent()) {
            throw new IllegalArgumentException(kind.value() + (kind.carriesLink() ? " needs" : " has no") + " token");
        }
    }

    /** A mail a change causes: sent whatever else was sent. */
    public static OutboxMail of(RandomIds ids, MailKind kind, String appId, String userId, EmailAddress to,
                                Optional<String> tokenId, Instant now) {
        return new OutboxMail(ids.next(ID_PREFIX, RandomIds.LONG_ID), kind, appId, userId, to, tokenId, now);
    }

    /**
     * A mail a request causes: its id names the kind, the account and the {@link #REQUESTED_MAIL_INTERVAL} it falls
     * in, so a second one within the interval collides with the first and is not written.
     */
    public static OutboxMail requested(MailKind kind, String appId, String userId, EmailAddress to,
                                       Optional<String> tokenId, Instant now) {
        long interval = now.getEpochSecond() / REQUESTED_MAIL_INTERVAL.toSeconds();
        return new OutboxMail(ID_PREFIX + kind.value() + "-" + userId + "-" + interval, kind, appId, userId, to, tokenId, now);
    }

    /**
     * The same mail under a new id: what sending it again writes, so that the stream carries it to the sender as a
     * new mail (an id that names a request's interval would collide with the mail it copies).
     */
    public OutboxMail underNewId(RandomIds ids) {
        return new OutboxMail(ids.next(ID_PREFIX, RandomIds.LONG_ID), kind, appId, userId, to, tokenId, createdAt);
    }

    /** The same mail as a mail of {@code other} kind, without a link (see {@link MailKind#withoutLink()}). */
    public OutboxMail as(MailKind other) {
        return new OutboxMail(outboxId, other, appId, userId, to, Optional.empty(), createdAt);
    }

    /**
     * When the mail's link stopped working, if it has by {@code now}: its token was issued with the mail, for its
     * purpose's lifetime. Empty for a mail without a link.
     */
    public Optional<Instant> linkDiedBy(Instant now) {
        return tokenId.map(ignored -> createdAt.plus(MailTokenPurpose.of(kind).lifetime()))
                .filter(expiry -> !now.isBefore(expiry));
    }

    /** Keeps the address out of logs. */
    @Override
    public String toString() {
        return "OutboxMail[" + outboxId + ", " + kind.value() + "]";
    }
}
