package io.userlink.account;

import io.userlink.app.App;
import io.userlink.app.AppStore;
import io.userlink.mail.MailRenderer;
import io.userlink.mail.MailSender;
import io.userlink.mail.MailTokenPurpose;
import io.userlink.mail.MailTokens;
import io.userlink.mail.Outbox;
import io.userlink.mail.OutboxMail;
import io.userlink.mail.UndeliverableAddressException;
import io.userlink.mail.UnsentMails;
import io.userlink.user.Account;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends what the outbox holds, one mail at a time: claims it, renders it from the app's templates and the account
 * as they are now, hands it to the mail service and marks it sent. A mail whose account is gone (but a notice of what
 * was done to it), or whose link a newer mail replaced or has died, is dropped instead (but a move's notice, sent
 * without its link back), and so is one whose address the mail service cannot take. Any other failed send gives the
 * claim back and throws, so the caller retries; a mail marked sent is never sent again.
 */
public final class AccountMailDelivery {

    /** How long a claim keeps other senders off a mail: longer than a send with the SDK's own retries takes. */
    public static final Duration LEASE = Duration.ofMinutes(2);

    /** What became of one mail. */
    public enum Outcome {
        SENT,
        /** Sent or dropped before: a stream record delivered again. */
        ALREADY_DONE,
        /** Not sent, and never will be: its account is gone, a newer link replaced its own, or its link has died. */
        DROPPED,
        /** Not sent, and never will be: the mail service cannot take its address (see {@link MailSender#send}). */
        UNDELIVERABLE,
        /** Another sender holds it: retry later. */
        BUSY,
        /** Not in the outbox (expired): nothing to do. */
        MISSING
    }

    private final Outbox outbox;
    private final AppStore apps;
    private final AccountStore accounts;
    private final MailTokens mailTokens;
    private final MailSender sender;
    private final InstantSource clock;

    public AccountMailDelivery(Outbox outbox, AppStore apps, AccountStore accounts, MailTokens mailTokens,
                               MailSender sender, InstantSource clock) {
        this.outbox = Objects.requireNonNull(outbox);
        this.apps = Objects.requireNonNull(apps);
        this.accounts = Objects.requireNonNull(accounts);
        this.mailTokens = Objects.requireNonNull(mailTokens);
        this.sender = Objects.requireNonNull(sender);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The outbox id of a stream record's partition key, if the record is a mail. */
    public Optional<String> outboxIdOfKey(String partitionKey) {
        return outbox.outboxIdOfKey(partitionKey);
    }

    /**
     * Delivers the mail of {@code outboxId}.
     *
     * @throws RuntimeException when the mail service refused or failed; the mail stays unsent for a retry
     */
    public Outcome deliver(String outboxId) {
        return switch (outbox.claim(outboxId, clock.instant(), LEASE)) {
            case Outbox.Claim.AlreadySent ignored -> Outcome.ALREADY_DONE;
            case Outbox.Claim.Busy ignored -> Outcome.BUSY;
            case Outbox.Claim.Missing ignored -> Outcome.MISSING;
            case Outbox.Claim.Claimed claimed -> send(claimed.mail());
        };
    }

    private Outcome send(OutboxMail claimed) {
        Optional<App> app = apps.find(claimed.appId());
        Optional<Account> account = accounts.find(claimed.userId());
        Optional<String> deadLink = deadLink(claimed, account);
        // A move's notice whose link back can no longer be used: its owner must still learn of the move.
        OutboxMail mail = deadLink.flatMap(ignored -> claimed.kind().withoutLink()).map(claimed::as).orElse(claimed);
        if (app.isEmpty() || account.isEmpty() && !mail.kind().outlivesAccount()) {
            return dropped(mail, "account-gone");
        }
        if (mail.tokenId().isPresent() && deadLink.isPresent()) {
            // Replaced, or retried or sent again past its life: a mail whose link is refused would only mislead.
            return dropped(mail, deadLink.get());
        }
        var rendered = MailRenderer.render(app.get().settings().accountMail().templates().template(mail.kind()),
                values(app.get(), account, mail));
        String messageId;
        try {
            messageId = sender.send(mail.to(), rendered, mail.outboxId());
        } catch (UndeliverableAddressException e) {
            outbox.markDropped(mail.outboxId(), "address-undeliverable", clock.instant());
            return Outcome.UNDELIVERABLE;
        } catch (RuntimeException e) {
            outbox.release(mail.outboxId());
            throw e;
        }
        outbox.markSent(mail.outboxId(), messageId, clock.instant());
        return Outcome.SENT;
    }

    /**
     * Why the link of {@code mail} can no longer be used, if it cannot: its account is gone or names a newer one
     * ({@code link-replaced}), or its life is over ({@code link-expired}). Empty for a mail without a link.
     */
    private Optional<String> deadLink(OutboxMail mail, Optional<Account> account) {
        if (mail.tokenId().isEmpty()) {
            return Optional.empty();
        }
        if (!account.flatMap(found -> AccountEmails.currentTokenId(found, MailTokenPurpose.of(mail.kind())))
                .equals(mail.tokenId())) {
            return Optional.of("link-replaced");
        }
        return mail.linkDiedBy(clock.instant()).map(ignored -> UnsentMails.LINK_EXPIRED);
    }

    /** Marks {@code mail} dropped, and why: it is never sent. */
    private Outcome dropped(OutboxMail mail, String reason) {
        outbox.markDropped(mail.outboxId(), reason, clock.instant());
        return Outcome.DROPPED;
    }

    private Map<String, String> values(App app, Optional<Account> account, OutboxMail mail) {
        Map<String, String> values = new HashMap<>();
        account.ifPresent(found -> found.attributes().forEach((name, value) ->
                values.put("attributes." + name, value == null ? "" : String.valueOf(value))));
        values.put("app_name", app.name());
        values.put("email", mail.to().value());
        values.put("user_id", mail.userId());
        mail.tokenId().ifPresent(tokenId -> {
            values.put("link", app.settings().accountMail().link(mail.kind(), mailTokens.token(tokenId)));
            values.put("expires_in", lifetime(MailTokenPurpose.of(mail.kind()).lifetime()));
        });
        return values;
    }

    /** A link's lifetime as its mail says it: "1 hour", "24 hours", "7 days". */
    private static String lifetime(Duration lifetime) {
        long hours = lifetime.toHours();
        if (hours > 24 && hours % 24 == 0) {
            return hours / 24 + " days";
        }
        return hours == 1 ? "1 hour" : hours + " hours";
    }
}
