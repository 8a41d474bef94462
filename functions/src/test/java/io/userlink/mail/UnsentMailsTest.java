package io.userlink.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.account.AccountMailDelivery;
import io.userlink.account.AccountMailDelivery.Outcome;
import io.userlink.app.App;
import io.userlink.app.MailKind;
import io.userlink.app.RegistrationMode;
import io.userlink.install.DeviceClass;
import io.userlink.support.Mailbox;
import io.userlink.support.MemoryUserlink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sending again the mails the sender gave up on, once what refused them is mended ({@code userlink mail send-unsent},
 * README, "Account mail").
 */
class UnsentMailsTest {

    private static final String PASSWORD = "correct horse battery";

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final Mailbox mailbox = new Mailbox();
    private final AccountMailDelivery delivery = userlink.components().mailDelivery(mailbox);
    private final UnsentMails unsent = new UnsentMails(userlink.stores().outbox(), userlink.ids(), userlink.clock());
    private final App app = userlink.mailingApp(RegistrationMode.ACTIVATION_REQUIRED);

    @Test
    void sendAgainWhenTheSenderGaveUpThenACopyGoesOutOnceAndItsLinkWorks() {
        OutboxMail refused = registerRefused("ann@example.com");

        UnsentMails.Outcome outcome = unsent.sendAgain(refused);

        OutboxMail copy = assertInstanceOf(UnsentMails.Outcome.Requeued.class, outcome).copy();
        assertEquals(List.of(refused.kind(), refused.userId(), refused.to(), refused.tokenId(), refused.createdAt()),
                List.of(copy.kind(), copy.userId(), copy.to(), copy.tokenId(), copy.createdAt()));
        assertTrue(!copy.outboxId().equals(refused.outboxId()) && copy.outboxId().startsWith("out-"), copy.outboxId());
        assertEquals("dropped: requeued", userlink.stores().sentMails().get(refused.outboxId()));
        assertEquals(Outcome.ALREADY_DONE, delivery.deliver(refused.outboxId()), "a retry of the old record sends nothing");
        assertEquals(Outcome.SENT, delivery.deliver(copy.outboxId()));
        assertEquals(1, mailbox.to("ann@example.com").size());
        assertTrue(userlink.components().accountEmails().confirm(app, mailbox.last("ann@example.com").orElseThrow().token())
                .emailConfirmed());
        assertEquals(List.of(), unsent.find());
    }

    @Test
    void findWhenMailsAreSentOrSentAgainThenOnlyTheUnsentOldestFirst() {
        register("cid@example.com");
        userlink.deliverMail(mailbox);
        assertEquals(1, mailbox.to("cid@example.com").size());
        OutboxMail ann = registerRefused("ann@example.com");
        userlink.clock().advance(Duration.ofSeconds(1));
        OutboxMail bea = registerRefused("bea@example.com");

        assertEquals(List.of(ann, bea), unsent.find());
        OutboxMail beaCopy = assertInstanceOf(UnsentMails.Outcome.Requeued.class, unsent.sendAgain(bea)).copy();
        assertEquals(List.of(ann, beaCopy), unsent.find());
        OutboxMail annCopy = assertInstanceOf(UnsentMails.Outcome.Requeued.class, unsent.sendAgain(ann)).copy();
        assertEquals(List.of(annCopy, beaCopy), unsent.find(), "by the mails' age, not the copies'");
    }

    @Test
    void sendAgainWhenTheLinkHasDiedThenDroppedAndNeverSent() {
        register("ann@example.com");
        userlink.deliverMail(mailbox);
        userlink.components().accountEmails().requestPasswordReset(app, "ann@example.com");
        OutboxMail reset = refuseNewest();
        assertEquals(MailKind.PASSWORD_RESET, reset.kind());

        userlink.clock().advance(MailTokenPurpose.RESET_PASSWORD.lifetime());
        UnsentMails.Outcome outcome = unsent.sendAgain(reset);

        assertEquals(new UnsentMails.Outcome.LinkExpired(reset, reset.createdAt().plus(Duration.ofHours(1))), outcome);
        assertEquals("dropped: link-expired", userlink.stores().sentMails().get(reset.outboxId()));
        assertEquals(List.of(), unsent.find());
        assertEquals(Outcome.ALREADY_DONE, delivery.deliver(reset.outboxId()));
        assertEquals(1, mailbox.to("ann@example.com").size(), "the activation mail only");
    }

    @Test
    void sendAgainWhenTheLinkHasASecondLeftThenSent() {
        OutboxMail activation = registerRefused("ann@example.com");
        userlink.clock().advance(MailTokenPurpose.VERIFY_EMAIL.lifetime().minusSeconds(1));

        assertInstanceOf(UnsentMails.Outcome.Requeued.class, unsent.sendAgain(activation));
    }

    @Test
    void sendAgainWhenAMailWithoutALinkIsDaysOldThenSent() {
        register("ann@example.com");
        register("ann@example.com");
        userlink.deliverMail(mailbox);
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);
        register("ann@example.com");
        OutboxMail attempt = refuseNewest();
        assertEquals(MailKind.REGISTRATION_ATTEMPT, attempt.kind());
        userlink.clock().advance(Duration.ofDays(6));

        OutboxMail copy = assertInstanceOf(UnsentMails.Outcome.Requeued.class, unsent.sendAgain(attempt)).copy();

        assertEquals(Outcome.SENT, delivery.deliver(copy.outboxId()));
    }

    @Test
    void sendAgainWhenASenderHoldsTheClaimOrMarkedTheMailThenLeftAlone() {
        OutboxMail refused = registerRefused("ann@example.com");
        userlink.stores().outbox().claim(refused.outboxId(), userlink.clock().instant(), AccountMailDelivery.LEASE);
        int mails = userlink.stores().outboxMails().size();

        assertEquals(new UnsentMails.Outcome.Taken(refused), unsent.sendAgain(refused));
        assertEquals(mails, userlink.stores().outboxMails().size(), "no copy written");

        userlink.clock().advance(AccountMailDelivery.LEASE);
        assertEquals(Outcome.SENT, delivery.deliver(refused.outboxId()));
        assertEquals(new UnsentMails.Outcome.Taken(refused), unsent.sendAgain(refused));
        assertEquals(1, mailbox.to("ann@example.com").size());
    }

    @Test
    void sendAgainWhenASenderHoldsTheClaimOfADeadLinkThenLeftAlone() {
        OutboxMail refused = registerRefused("ann@example.com");
        userlink.clock().advance(MailTokenPurpose.VERIFY_EMAIL.lifetime());
        userlink.stores().outbox().claim(refused.outboxId(), userlink.clock().instant(), AccountMailDelivery.LEASE);

        assertEquals(new UnsentMails.Outcome.Taken(refused), unsent.sendAgain(refused));
        assertEquals(List.of(refused), unsent.find(), "not marked");
    }

    /** A mail SES refuses for itself would fail after every sending again: the operator drops it, and it stays unsent. */
    @Test
    void dropWhenUnsentThenMarkedAndNeitherFoundNorSentAgain() {
        OutboxMail poison = registerRefused("ann@example.com");
        OutboxMail other = registerRefused("bea@example.com");

        assertTrue(unsent.drop(poison.outboxId()));

        assertEquals("dropped: by-operator", userlink.stores().sentMails().get(poison.outboxId()));
        assertEquals(List.of(other), unsent.find());
        assertEquals(Outcome.ALREADY_DONE, delivery.deliver(poison.outboxId()), "a retry of its record sends nothing");
        assertEquals(List.of(), mailbox.to("ann@example.com"));
    }

    @Test
    void dropWhenSentDroppedHeldOrUnknownThenNothingChanges() {
        OutboxMail held = registerRefused("ann@example.com");
        userlink.stores().outbox().claim(held.outboxId(), userlink.clock().instant(), AccountMailDelivery.LEASE);
        register("bea@example.com");
        OutboxMail sent = userlink.stores().outboxMails().getLast();
        userlink.clock().advance(AccountMailDelivery.LEASE.minusSeconds(1));
        assertEquals(Outcome.SENT, delivery.deliver(sent.outboxId()));
        OutboxMail dropped = registerRefused("cid@example.com");
        unsent.drop(dropped.outboxId());

        assertEquals(List.of(false, false, false, false), List.of(unsent.drop(held.outboxId()), unsent.drop(sent.outboxId()),
                unsent.drop(dropped.outboxId()), unsent.drop("out-neverwritten")));
        assertEquals(List.of(held), unsent.find());
        assertFalse(userlink.stores().sentMails().get(sent.outboxId()).startsWith("dropped"), "still marked sent");
    }

    private void register(String email) {
        userlink.components().accountService().register(app,
                userlink.verified(userlink.register(app, DeviceClass.PHONE).tokens().accessToken().value()), email, PASSWORD,
                Map.of(), Map.of());
    }

    /** Registers {@code email}; its activation mail, which the mail service refused. */
    private OutboxMail registerRefused(String email) {
        register(email);
        return refuseNewest();
    }

    /** The outbox's newest mail, after a send the mail service refused: unsent, as when the sender gave up. */
    private OutboxMail refuseNewest() {
        OutboxMail mail = userlink.stores().outboxMails().getLast();
        mailbox.failNext(1);
        assertThrows(IllegalStateException.class, () -> delivery.deliver(mail.outboxId()));
        return mail;
    }
}
