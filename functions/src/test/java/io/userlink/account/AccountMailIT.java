package io.userlink.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.account.AccountMailDelivery.Outcome;
import io.userlink.app.App;
import io.userlink.app.RegistrationMode;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.local.LocalAws;
import io.userlink.mail.MailTokens;
import io.userlink.mail.OutboxMail;
import io.userlink.mail.UnsentMails;
import io.userlink.storage.dynamodb.DynamoDbAccountStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbOutbox;
import io.userlink.support.Mailbox;
import io.userlink.support.Race;
import io.userlink.support.Refusals;
import io.userlink.support.TestAws;
import io.userlink.support.TestUserlink;
import io.userlink.token.AccessToken;
import io.userlink.user.EmailAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The outbox against DynamoDB Local: mails are written by the transactions of the changes that cause them (a
 * transaction that is cancelled puts nothing in the table's stream), and the sender's claims make a mail go out
 * once whatever is retried (README, "Account mail").
 */
class AccountMailIT {

    private static final String PASSWORD = "correct horse battery";

    private final TestUserlink userlink = TestUserlink.local();
    private final Mailbox mailbox = new Mailbox();

    @Test
    void registerWhenRacersRegisterOneAddressThenTheStreamCarriesOneActivationAndOneAttemptMail() throws Exception {
        App app = userlink.mailingApp(RegistrationMode.ACTIVATION_REQUIRED);
        int racers = 8;
        List<AccessToken> installs = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            installs.add(userlink.newInstall(app));
        }
        List<AccountService.Registered> registered = Race.atOnce(racers, i -> () -> userlink.components()
                .accountService().register(app, installs.get(i), "ann@example.com", PASSWORD, Map.of(), Map.of()));
        for (AccountService.Registered each : registered) {
            assertEquals(registered.getFirst(), each, "every racer gets the same answer");
        }

        List<Map<String, AttributeValue>> mails = outboxItemsInTheStream(app);

        assertEquals(List.of("activate_account", "registration_attempt"),
                mails.stream().map(item -> item.get("kind").s()).sorted().toList(),
                "one registration committed; the cancelled ones wrote nothing, the attempts one mail a minute");
        assertTrue(mails.stream().allMatch(item -> item.get("to").s().equals("ann@example.com")));
    }

    @Test
    void deliverWhenTheMailServiceFailsOrTheRecordComesTwiceThenTheMailGoesOutOnce() {
        App app = userlink.mailingApp(RegistrationMode.CONFIRMATION_REQUIRED);
        userlink.components().accountService().register(app, userlink.newInstall(app), "bea@example.com", PASSWORD, Map.of(), Map.of());
        String outboxId = outboxItemsInTheStream(app).getFirst().get("outbox_id").s();
        AccountMailDelivery delivery = userlink.components().mailDelivery(mailbox);
        mailbox.failNext(1);

        assertThrows(IllegalStateException.class, () -> delivery.deliver(outboxId));
        assertEquals(Outcome.SENT, delivery.deliver(outboxId));
        assertEquals(Outcome.ALREADY_DONE, delivery.deliver(outboxId));

        assertEquals(1, mailbox.to("bea@example.com").size());
        String token = mailbox.last("bea@example.com").orElseThrow().token();
        assertTrue(userlink.components().accountEmails().confirm(app, token).emailConfirmed());
    }

    /** The notice of a password change is written with the new password, on the table the stream reads. */
    @Test
    void changePasswordWhenTheAppMailsThenTheStreamCarriesOneNoticeAndItGoesOut() {
        App app = userlink.mailingApp(RegistrationMode.AUTOMATIC);
        AccountService accounts = userlink.components().accountService();
        AccountService.LoggedIn ann = (AccountService.LoggedIn) accounts.register(app, userlink.newInstall(app), "ann@example.com",
                PASSWORD, Map.of(), Map.of());
        AccessToken session = userlink.components().authenticator().accessToken(
                Optional.of("Bearer " + ann.tokens().orElseThrow().accessToken().value()));

        accounts.changePassword(app, session, PASSWORD, "a brand new passphrase");

        List<Map<String, AttributeValue>> mails = outboxItemsInTheStream(app);
        assertEquals(List.of("password_changed"), mails.stream().map(item -> item.get("kind").s()).toList());
        assertEquals(Outcome.SENT, userlink.components().mailDelivery(mailbox).deliver(mails.getFirst().get("outbox_id").s()));
        assertEquals("Your test app password was changed", mailbox.last("ann@example.com").orElseThrow().mail().subject());
        assertTrue(accounts.signIn(app, userlink.newInstall(app), "ann@example.com", "a brand new passphrase").tokens().isPresent());
    }

    /**
     * Two accounts' links to one address used at once, while someone registers that address: exactly one of the three
     * holds it, the others are refused, and the two accounts that did not move keep their own addresses.
     */
    @Test
    void confirmWhenTwoAccountsMoveToOneAddressAsItIsRegisteredThenExactlyOneHoldsIt() throws Exception {
        App app = userlink.mailingApp(RegistrationMode.AUTOMATIC);
        AccountService accounts = userlink.components().accountService();
        MailTokens mailTokens = new MailTokens(userlink.components().keyRing(), userlink.components().ids());
        List<String> movers = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (String email : List.of("eve@example.com", "fay@example.com")) {
            AccountService.LoggedIn signedIn = (AccountService.LoggedIn) accounts.register(app, userlink.newInstall(app), email,
                    PASSWORD, Map.of(), Map.of());
            accounts.requestAddressChange(app, userlink.verified(signedIn.tokens().orElseThrow().accessToken().value()),
                    "shared@example.com", PASSWORD);
            movers.add(signedIn.user().userId());
            links.add(mailTokens.token(new DynamoDbAccountStore(userlink.dynamoDb(), LocalAws.TABLE_NAME).find(signedIn.user().userId()).orElseThrow()
                    .verificationTokenId().orElseThrow()));
        }
        AccessToken registrant = userlink.newInstall(app);

        List<Object> outcomes = Race.atOnce(3, i -> () -> {
            try {
                return i < 2 ? userlink.components().accountEmails().confirm(app, links.get(i)).userId()
                        : ((AccountService.LoggedIn) accounts.register(app, registrant, "shared@example.com", PASSWORD,
                                Map.of(), Map.of())).user().userId();
            } catch (UserlinkException e) {
                return e.code();
            }
        });

        List<Object> holders = outcomes.stream().filter(String.class::isInstance).toList();
        assertEquals(1, holders.size(), outcomes.toString());
        assertEquals(Optional.of(holders.getFirst()), claimant(app.appId(), new EmailAddress("shared@example.com")));
        assertEquals(List.of(ErrorCode.EMAIL_ALREADY_REGISTERED, ErrorCode.EMAIL_ALREADY_REGISTERED),
                outcomes.stream().filter(ErrorCode.class::isInstance).toList());
        for (int i = 0; i < 2; i++) {
            String own = List.of("eve@example.com", "fay@example.com").get(i);
            assertEquals(movers.get(i).equals(holders.getFirst()) ? Optional.empty() : Optional.of(movers.get(i)),
                    claimant(app.appId(), new EmailAddress(own)), own);
        }
    }

    @Test
    void claimWhenAnotherSenderHoldsTheLeaseThenBusyUntilItEnds() {
        App app = userlink.mailingApp(RegistrationMode.CONFIRMATION_REQUIRED);
        userlink.components().accountService().register(app, userlink.newInstall(app), "cid@example.com", PASSWORD, Map.of(), Map.of());
        String outboxId = outboxItemsInTheStream(app).getFirst().get("outbox_id").s();
        AccountMailDelivery delivery = userlink.components().mailDelivery(mailbox);
        // A sender that claimed the mail and stopped before it could send or give the claim back.
        new DynamoDbOutbox(userlink.dynamoDb(), LocalAws.TABLE_NAME).claim(outboxId, userlink.clock().instant(),
                AccountMailDelivery.LEASE);

        assertEquals(Outcome.BUSY, delivery.deliver(outboxId));
        userlink.clock().advance(AccountMailDelivery.LEASE);
        assertEquals(Outcome.SENT, delivery.deliver(outboxId));
        assertEquals(1, mailbox.to("cid@example.com").size());
        assertEquals(Outcome.MISSING, delivery.deliver("out-nosuchmail"));
    }

    @Test
    void resetPasswordWhenEightRequestsPresentOneLinkAtOnceThenExactlyOneSetsItsPassword() throws Exception {
        // given: a reset link, mailed
        App app = userlink.mailingApp(RegistrationMode.AUTOMATIC);
        userlink.components().accountService().register(app, userlink.newInstall(app), "dee@example.com", PASSWORD, Map.of(), Map.of());
        userlink.components().accountEmails().requestPasswordReset(app, "dee@example.com");
        String outboxId = outboxItemsInTheStream(app).stream().filter(item -> item.get("kind").s().equals("password_reset"))
                .findFirst().orElseThrow().get("outbox_id").s();
        assertEquals(Outcome.SENT, userlink.components().mailDelivery(mailbox).deliver(outboxId));
        String link = mailbox.last("dee@example.com").orElseThrow().token();

        // when: the link's token, used by eight requests at once, each with a password of its own
        int racers = 8;
        List<Optional<ErrorCode>> outcomes = Race.atOnce(racers, i -> () -> {
            try {
                userlink.components().accountEmails().resetPassword(app, link, "new password number " + i);
                return Optional.<ErrorCode>empty();
            } catch (UserlinkException refused) {
                return Optional.of(refused.code());
            }
        });
        List<String> winners = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            if (outcomes.get(i).isEmpty()) {
                winners.add("new password number " + i);
            } else {
                assertEquals(Optional.of(ErrorCode.INVALID_MAIL_TOKEN), outcomes.get(i), "a used link is refused");
            }
        }

        // then
        assertEquals(1, winners.size(), "a reset link changes the password once");
        userlink.components().accountService().signIn(app, userlink.newInstall(app), "dee@example.com", winners.getFirst());
        Refusals.assertCode(ErrorCode.INVALID_LOGIN,
                () -> userlink.components().accountService().signIn(app, userlink.newInstall(app), "dee@example.com", PASSWORD));
    }

    /**
     * The person on call sends again what the sender gave up on ({@code userlink mail send-unsent}): the scan finds the
     * unsent mail, its copy reaches the stream as a new mail, and the old item names the copy.
     */
    @Test
    void sendAgainWhenTheSenderGaveUpThenTheStreamCarriesACopyAndTheOldItemNamesIt() {
        App app = userlink.mailingApp(RegistrationMode.CONFIRMATION_REQUIRED);
        userlink.components().accountService().register(app, userlink.newInstall(app), "eve@example.com", PASSWORD, Map.of(), Map.of());
        OutboxMail refused = refusedOnce(app);

        UnsentMails.Outcome outcome = userlink.unsentMails().sendAgain(refused);

        OutboxMail copy = assertInstanceOf(UnsentMails.Outcome.Requeued.class, outcome).copy();
        List<Map<String, AttributeValue>> inTheStream = outboxItemsInTheStream(app);
        assertEquals(List.of(refused.outboxId(), copy.outboxId()),
                inTheStream.stream().map(item -> item.get("outbox_id").s()).toList());
        Map<String, AttributeValue> original = inTheStream.getFirst();
        assertEquals(List.of("requeued", copy.outboxId()), List.of(original.get("dropped").s(), original.get("requeued_as").s()));
        assertTrue(original.containsKey("sent_at"));
        assertEquals(List.of(copy), userlink.unsentMailsOf(app.appId()), "the copy waits for the sender");
        AccountMailDelivery delivery = userlink.components().mailDelivery(mailbox);
        assertEquals(Outcome.ALREADY_DONE, delivery.deliver(refused.outboxId()));
        assertEquals(Outcome.SENT, delivery.deliver(copy.outboxId()));
        assertEquals(1, mailbox.to("eve@example.com").size());
        assertTrue(userlink.components().accountEmails().confirm(app, mailbox.last("eve@example.com").orElseThrow().token())
                .emailConfirmed());
        assertEquals(List.of(), userlink.unsentMailsOf(app.appId()));
    }

    /**
     * Senders retrying the old record and the person on call sending it again, all at once: whoever wins, the mail
     * goes out once.
     */
    @Test
    void sendAgainWhenSendersClaimTheMailAtTheSameTimeThenItGoesOutOnce() throws Exception {
        App app = userlink.mailingApp(RegistrationMode.CONFIRMATION_REQUIRED);
        userlink.components().accountService().register(app, userlink.newInstall(app), "fay@example.com", PASSWORD, Map.of(), Map.of());
        OutboxMail refused = refusedOnce(app);
        AccountMailDelivery delivery = userlink.components().mailDelivery(mailbox);
        UnsentMails unsent = userlink.unsentMails();

        List<Object> outcomes = Race.atOnce(8, i -> () -> i % 2 == 0 ? delivery.deliver(refused.outboxId())
                : unsent.sendAgain(refused));
        for (Map<String, AttributeValue> item : outboxItemsInTheStream(app)) {
            delivery.deliver(item.get("outbox_id").s());
        }

        assertEquals(1, mailbox.to("fay@example.com").size(), outcomes.toString());
        assertEquals(List.of(), userlink.unsentMailsOf(app.appId()));
    }

    /** The app's one mail, after a send the mail service refused: unsent, as when the sender gave up. */
    private OutboxMail refusedOnce(App app) {
        String outboxId = outboxItemsInTheStream(app).getFirst().get("outbox_id").s();
        mailbox.failNext(1);
        assertThrows(IllegalStateException.class, () -> userlink.components().mailDelivery(mailbox).deliver(outboxId));
        List<OutboxMail> unsent = userlink.unsentMailsOf(app.appId());
        assertEquals(List.of(outboxId), unsent.stream().map(OutboxMail::outboxId).toList());
        return unsent.getFirst();
    }

    /** The user whose account holds {@code address} in {@code app}. */
    private Optional<String> claimant(String appId, EmailAddress address) {
        return new DynamoDbIdentityStore(userlink.dynamoDb(), LocalAws.TABLE_NAME, userlink.clock())
                .findUserIdByEmail(appId, address);
    }

    /** The outbox items of {@code app} that the table's stream announced as new, read as the mail sender reads them. */
    private List<Map<String, AttributeValue>> outboxItemsInTheStream(App app) {
        LocalAws aws = TestAws.local();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        try (DynamoDbStreamsClient streams = aws.client(DynamoDbStreamsClient.builder(), aws.principal(LocalAws.HARNESS))) {
            String stream = aws.tableStreamArn();
            streams.describeStream(r -> r.streamArn(stream)).streamDescription().shards().forEach(shard -> {
                String iterator = streams.getShardIterator(r -> r.streamArn(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String current = iterator;
                    var page = streams.getRecords(r -> r.shardIterator(current));
                    for (Record record : page.records()) {
                        Map<String, AttributeValue> keys = record.dynamodb().keys();
                        if (record.eventName() == OperationType.INSERT && keys.get("pk").s().startsWith("OUTBOX#")) {
                            assertFalse(record.dynamodb().hasNewImage(), "the stream carries keys only");
                            Map<String, AttributeValue> item = userlink.dynamoDb().getItem(r -> r
                                    .tableName(LocalAws.TABLE_NAME).key(keys).consistentRead(true)).item();
                            if (item.containsKey("app_id") && item.get("app_id").s().equals(app.appId())) {
                                items.add(item);
                            }
                        }
                    }
                    iterator = page.records().isEmpty() ? null : page.nextShardIterator();
                }
            });
        }
        return items;
    }
}
