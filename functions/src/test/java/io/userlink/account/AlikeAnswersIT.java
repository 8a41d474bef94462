package io.userlink.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.App;
import io.userlink.app.RegistrationMode;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.identity.Timebox;
import io.userlink.support.Mailbox;
import io.userlink.support.TestUserlink;
import io.userlink.token.AccessToken;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The account-mail requests that answer alike for a known and an unknown address, over DynamoDB Local with every AWS
 * call taking {@link TestUserlink#AWS_CALL_LATENCY} of the time they are boxed in: a known address costs more calls
 * (the account read, its link and mail written), and the answer still comes after the same time, so timing many
 * requests tells an attacker nothing the answer does not.
 */
class AlikeAnswersIT {

    private static final String PASSWORD = "correct horse battery";

    private final TestUserlink userlink = TestUserlink.localHashingCheaply();
    private final AccountService accounts = userlink.components().accountService();
    private final AccountEmails emails = userlink.components().accountEmails();

    /** How long a request took in the boxed time, and the AWS calls it made (per operation). */
    private record Took(Duration time, Map<String, Integer> calls) {}

    @Test
    void requestPasswordResetWhenTheAddressIsKnownUnknownOrAskedAgainThenTheSameTime() {
        App app = userlink.mailingApp(RegistrationMode.AUTOMATIC);
        accounts.register(app, userlink.newInstall(app), "ann@example.com", PASSWORD, Map.of(), Map.of());
        startOfAMinute();

        Map<String, Took> took = new LinkedHashMap<>();
        took.put("known", timed(() -> emails.requestPasswordReset(app, "ann@example.com")));
        took.put("unknown", timed(() -> emails.requestPasswordReset(app, "nobody@example.com")));
        took.put("known, asked again within the minute", timed(() -> emails.requestPasswordReset(app, "ann@example.com")));

        assertAlike(took);
        assertCallsDiffer(took);
    }

    @Test
    void resendConfirmationWhenTheAccountAwaitsConfirmationIsConfirmedOrUnknownThenTheSameTime() {
        App app = userlink.mailingApp(RegistrationMode.CONFIRMATION_REQUIRED);
        accounts.register(app, userlink.newInstall(app), "ann@example.com", PASSWORD, Map.of(), Map.of());
        accounts.register(app, userlink.newInstall(app), "bea@example.com", PASSWORD, Map.of(), Map.of());
        emails.confirm(app, mailedToken(app, "bea@example.com"));
        startOfAMinute();

        Map<String, Took> took = new LinkedHashMap<>();
        took.put("awaiting confirmation", timed(() -> emails.resendConfirmation(app, "ann@example.com")));
        took.put("confirmed", timed(() -> emails.resendConfirmation(app, "bea@example.com")));
        took.put("unknown", timed(() -> emails.resendConfirmation(app, "nobody@example.com")));

        assertAlike(took);
        assertCallsDiffer(took);
    }

    @Test
    void registerWhenTheAppMailsFirstAndTheAddressIsNewOrRegisteredThenTheSameTime() {
        App app = userlink.mailingApp(RegistrationMode.ACTIVATION_REQUIRED);
        accounts.register(app, userlink.newInstall(app), "ann@example.com", PASSWORD, Map.of(), Map.of());
        AccessToken first = userlink.newInstall(app);
        AccessToken second = userlink.newInstall(app);

        Map<String, Took> took = new LinkedHashMap<>();
        took.put("registered", timed(() -> assertInstanceOf(AccountService.Mailed.class,
                accounts.register(app, first, "ann@example.com", PASSWORD, Map.of(), Map.of()))));
        took.put("new", timed(() -> assertInstanceOf(AccountService.Mailed.class,
                accounts.register(app, second, "bea@example.com", PASSWORD, Map.of(), Map.of()))));

        // The same calls (a transaction each), but of one item (the owner's mail) or four (the account, its user,
        // link and mail), and a link's derivation: the box evens those out too.
        assertAlike(took);
    }

    @Test
    void requestAddressChangeWhenTheNewAddressIsFreeOrAnotherAccountsThenTheSameTime() {
        App app = userlink.mailingApp(RegistrationMode.AUTOMATIC);
        accounts.register(app, userlink.newInstall(app), "bea@example.com", PASSWORD, Map.of(), Map.of());
        AccessToken ann = session((AccountService.LoggedIn) accounts.register(app, userlink.newInstall(app), "ann@example.com",
                PASSWORD, Map.of(), Map.of()));

        Map<String, Took> took = new LinkedHashMap<>();
        took.put("another account's", timed(() -> accounts.requestAddressChange(app, ann, "bea@example.com", PASSWORD)));
        took.put("free", timed(() -> accounts.requestAddressChange(app, ann, "ann.new@example.com", PASSWORD)));

        assertAlike(took);
        assertCallsDiffer(took);
    }

    /** Sign-in is not boxed (its hash is most of its time): a refusal makes the same calls whatever was wrong. */
    @Test
    void signInWhenTheAddressIsUnknownOrThePasswordWrongThenTheSameCallsAndRefusal() {
        App app = userlink.mailingApp(RegistrationMode.AUTOMATIC);
        accounts.register(app, userlink.newInstall(app), "ann@example.com", PASSWORD, Map.of(), Map.of());
        AccessToken install = userlink.newInstall(app);

        Map<String, Took> took = new LinkedHashMap<>();
        took.put("wrong password", timed(() -> assertRefusedLogin(() ->
                accounts.signIn(app, install, "ann@example.com", "not the password"))));
        took.put("unknown address", timed(() -> assertRefusedLogin(() ->
                accounts.signIn(app, install, "nobody@example.com", "not the password"))));

        assertEquals(1, took.values().stream().map(Took::calls).distinct().count(), "the same calls: " + took);
        assertEquals(1, took.values().stream().map(Took::time).distinct().count(), "as long: " + took);
    }

    private static void assertRefusedLogin(Executable signIn) {
        assertEquals(ErrorCode.INVALID_LOGIN, assertThrows(UserlinkException.class, signIn).code());
    }

    /** Every request took as long, at least the box. */
    private static void assertAlike(Map<String, Took> took) {
        Took first = took.values().iterator().next();
        took.forEach((request, each) -> {
            assertEquals(first.time(), each.time(), request + " took as long as the first: " + took);
            assertTrue(each.time().compareTo(Timebox.ACCOUNT_MAIL_REQUESTS) >= 0, request + " took the box: " + took);
        });
    }

    /** Not every request made the same AWS calls: what the box hides. */
    private static void assertCallsDiffer(Map<String, Took> took) {
        assertNotEquals(1, took.values().stream().map(Took::calls).distinct().count(),
                "the requests differ in their AWS calls: " + took);
    }

    private Took timed(Runnable request) {
        userlink.dynamoDbCalls().reset();
        userlink.secretsManagerCalls().reset();
        Duration start = userlink.awsTime().now();
        request.run();
        Map<String, Integer> calls = new TreeMap<>(userlink.dynamoDbCalls().counts());
        calls.putAll(userlink.secretsManagerCalls().counts());
        return new Took(userlink.awsTime().now().minus(start), calls);
    }

    /** The domain clock at the start of a minute, so requests of one test fall in one minute of mails. */
    private void startOfAMinute() {
        long intoTheMinute = userlink.clock().instant().getEpochSecond() % 60;
        userlink.clock().advance(Duration.ofSeconds(60 - intoTheMinute));
    }

    /** The link's token in the mail waiting for {@code address}, once sent. */
    private String mailedToken(App app, String address) {
        Mailbox mailbox = new Mailbox();
        AccountMailDelivery delivery = userlink.components().mailDelivery(mailbox);
        userlink.unsentMailsOf(app.appId()).stream().filter(mail -> mail.to().value().equals(address))
                .forEach(mail -> delivery.deliver(mail.outboxId()));
        return mailbox.last(address).orElseThrow().token();
    }

    private AccessToken session(AccountService.LoggedIn loggedIn) {
        return userlink.verified(loggedIn.tokens().orElseThrow().accessToken().value());
    }
}
