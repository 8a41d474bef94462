package io.userlink.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The mails waiting to be sent, as the mail sender sees them. A mail is claimed for a lease before it is sent and
 * marked sent afterwards, so a stream record delivered twice, or retried after a crash, sends it at most once
 * more only when the crash fell between sending and marking.
 */
public interface Outbox {

    /** What claiming a mail found. */
    sealed interface Claim {
        /** The mail is this caller's until the lease ends. */
        record Claimed(OutboxMail mail) implements Claim {}

        /** The mail was sent already: nothing to do. */
        record AlreadySent() implements Claim {}

        /** Another sender holds the mail's lease: try again later. */
        record Busy() implements Claim {}

        /** No such mail (its change never committed, or it expired): nothing to do. */
        record Missing() implements Claim {}
    }

    /**
     * The outbox id of the item with this partition key, if it is a mail: how the sender recognises the stream
     * records meant for it.
     */
    Optional<String> outboxIdOfKey(String partitionKey);

    /** Claims the mail of {@code outboxId} until {@code now + lease}, unless it was sent or another holds it. */
    Claim claim(String outboxId, Instant now, Duration lease);

    /** Records that the mail was sent, with the message id the mail service gave it. */
    void markSent(String outboxId, String messageId, Instant now);

    /** Records that the mail will not be sent, and why (its account is gone, or a newer mail replaced it). */
    void markDropped(String outboxId, String reason, Instant now);

    /** Gives up a claim after a failed send, so a retry may claim the mail at once. */
    void release(String outboxId);

    /**
     * Every mail not yet marked sent or dropped that the outbox still keeps at {@code now}, oldest first: for the person
     * on call, not for a request.
     */
    List<OutboxMail> unsent(Instant now);

    /**
     * Marks the mail of {@code outboxId} dropped, and why, unless it was marked or another sender holds its claim.
     *
     * @return whether it did
     */
    boolean dropIfUnclaimed(String outboxId, String reason, Instant now);

    /**
     * Writes {@code copy} as a new mail and marks {@code original} dropped for it, at once, on the terms of
     * {@link #dropIfUnclaimed}.
     *
     * @return whether it did
     */
    boolean requeue(OutboxMail original, OutboxMail copy, Instant now);
}
