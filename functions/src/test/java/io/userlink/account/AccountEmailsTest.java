package io.userlink.account;

import static io.userlink.support.Refusals.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.account.AccountMailDelivery.Outcome;
import io.userlink.account.AccountService.LoggedIn;
import io.userlink.account.AccountService.Mailed;
import io.userlink.account.AccountService.Registered;
import io.userlink.app.AccountMail;
import io.userlink.app.App;
import io.userlink.app.AppSettings;
import io.userlink.app.MailKind;
import io.userlink.app.MailTemplates;
import io.userlink.app.RegistrationMode;
import io.userlink.credential.SecretToken;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.identity.HistoryWindow;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.mail.MailTokenPurpose;
import io.userlink.mail.MailTokens;
import io.userlink.mail.OutboxMail;
import io.userlink.mail.UnsentMails;
import io.userlink.support.Mailbox;
import io.userlink.support.MemoryUserlink;
import io.userlink.support.StoppingIdentityStore;
import io.userlink.support.StoredAccounts;
import io.userlink.support.Tampered;
import io.userlink.token.AccessToken;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Registration modes, confirmation, activation and password reset by mail (README, "Account mail"). */
class AccountEmailsTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "a brand new passphrase";

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final AccountService accounts = userlink.components().accountService();
    private final AccountEmails emails = userlink.components().accountEmails();
    private final Mailbox mailbox = new Mailbox();

    @Test
    void registerWhenConfirmationRequiredThenMailedUsableAtOnceAndConfirmedByTheLink() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);

        Registered registered = register(app, "Ann@Example.com");

        assertEquals(new Mailed(RegistrationMode.CONFIRMATION_REQUIRED), registered);
        Mailbox.Received mail = newestMail("ann@example.com");
        assertEquals("Confirm your email address for memory app", mail.mail().subject());
        assertTrue(mail.mail().text().contains("https://app.example.com/confirm?token=" + mail.token()));
        LoggedIn signedIn = signIn(app, "ann@example.com", PASSWORD);
        assertFalse(signedIn.account().emailConfirmed(), "usable before confirming");
        Account confirmed = emails.confirm(app, mail.token());
        assertTrue(confirmed.emailConfirmed());
        assertTrue(accounts.account(userlink.verified(signedIn.tokens().orElseThrow().accessToken().value())).emailConfirmed());
        assertRefusedToken(() -> emails.confirm(app, mail.token()));
    }

    @Test
    void registerWhenActivationRequiredThenSignInRefusedUntilActivatedAndOnlyAfterThePassword() {
        App app = app(RegistrationMode.ACTIVATION_REQUIRED);
        register(app, "bea@example.com");
        Mailbox.Received mail = newestMail("bea@example.com");
        assertEquals("Activate your memory app account", mail.mail().subject());

        assertCode(ErrorCode.ACCOUNT_NOT_ACTIVATED, () -> signIn(app, "bea@example.com", PASSWORD));
        assertCode(ErrorCode.INVALID_LOGIN, () -> signIn(app, "bea@example.com", "a wrong password"));

        emails.confirm(app, mail.token());
        assertTrue(signIn(app, "bea@example.com", PASSWORD).tokens().isPresent());
    }

    @Test
    void registerWhenTheAddressHasAnAccountThenTheSameAnswerAndTheOwnerIsToldOncePerMinute() {
        App app = app(RegistrationMode.ACTIVATION_REQUIRED);
        Registered first = register(app, "ann@example.com");
        int users = userlink.stores().commits();

        Registered again = register(app, "ann@example.com");
        Registered unknown = register(app, "cid@example.com");

        assertEquals(first, again);
        assertEquals(first.getClass(), unknown.getClass());
        assertEquals(users + 1, userlink.stores().commits(), "only the unknown address created a user");
        register(app, "ann@example.com");
        userlink.deliverMail(mailbox);
        assertEquals(List.of("Activate your memory app account", "Someone tried to use your address for another memory app account"),
                subjects("ann@example.com"), "one attempt mail within the minute");
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);
        register(app, "ann@example.com");
        userlink.deliverMail(mailbox);
        assertEquals(3, mailbox.to("ann@example.com").size());
    }

    /**
     * Under the modes that mail first, the address's other spelling is the same address: the same answer, its owner is
     * told, and no second account; so is an account kept under that spelling before (registered before 132d7f2).
     */
    @Test
    void registerWhenTheAddressHasAnAccountUnderItsOtherSpellingThenTheOwnerIsToldAndNoAccountIsMade() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        Registered first = register(app, "bea@müller.de");
        StoredAccounts.store(userlink.identities(), app.appId(), userlink.ids().userId(), new EmailAddress("cy@xn--mller-kva.de"),
                PASSWORD, userlink.clock().instant());
        int commits = userlink.stores().commits();

        assertEquals(first, register(app, "bea@XN--MLLER-KVA.de"));
        assertEquals(first, register(app, "cy@müller.de"));

        assertEquals(commits, userlink.stores().commits(), "no user created");
        userlink.deliverMail(mailbox);
        assertEquals(List.of("Confirm your email address for memory app",
                "Someone tried to use your address for another memory app account"), subjects("bea@müller.de"));
        assertEquals(List.of("Someone tried to use your address for another memory app account"), subjects("cy@müller.de"),
                "to the address as typed: the mailbox of the one kept");
    }

    @Test
    void registerWhenAnotherRegistrationOfTheAddressCommitsFirstThenTheLoserMailsNothingOfItsOwn() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        AnonymousInstall other = userlink.register(app, DeviceClass.PHONE);
        userlink.stores().beforeNextCommit(() -> accounts.register(app, token(other), "ann@example.com", PASSWORD,
                Map.of(), Map.of()));

        register(app, "ann@example.com");
        userlink.deliverMail(mailbox);

        assertEquals(List.of("Confirm your email address for memory app",
                "Someone tried to use your address for another memory app account"), subjects("ann@example.com"),
                "the transaction that lost wrote no confirmation mail");
    }

    @Test
    void confirmWhenTheTokenIsExpiredReplacedTamperedOfAnotherAppOrForResetThenTheOneRefusal() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        App otherApp = app(RegistrationMode.CONFIRMATION_REQUIRED);
        register(app, "ann@example.com");
        String replaced = newestMail("ann@example.com").token();
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);
        emails.resendConfirmation(app, "ann@example.com");
        String current = newestMail("ann@example.com").token();
        emails.requestPasswordReset(app, "ann@example.com");
        String resetToken = newestMail("ann@example.com").token();

        assertRefusedToken(() -> emails.confirm(app, replaced));
        assertRefusedToken(() -> emails.confirm(app, Tampered.lastCharacter(current)));
        assertRefusedToken(() -> emails.confirm(otherApp, current));
        assertRefusedToken(() -> emails.confirm(app, resetToken));
        assertRefusedToken(() -> emails.confirm(app, "ulm_nonsense"));
        userlink.clock().advance(Duration.ofHours(24));
        assertRefusedToken(() -> emails.confirm(app, current));
    }

    @Test
    void confirmOrResetWhenATokensIdComesWithAnotherSecretThenRefusedAndTheRealTokenStillWorks() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        register(app, "ann@example.com");
        String confirmation = newestMail("ann@example.com").token();
        emails.requestPasswordReset(app, "ann@example.com");
        String reset = newestMail("ann@example.com").token();

        // Well formed, with a valid checksum and a real token's id: only the secret's hash tells it apart.
        assertRefusedToken(() -> emails.confirm(app, withAnotherSecret(confirmation)));
        assertRefusedToken(() -> emails.resetPassword(app, withAnotherSecret(reset), NEW_PASSWORD));

        assertTrue(emails.confirm(app, confirmation).emailConfirmed());
        emails.resetPassword(app, reset, NEW_PASSWORD);
    }

    @Test
    void resendWhenTheAccountAwaitsActivationThenAnActivationMailElseAConfirmation() {
        App activating = app(RegistrationMode.ACTIVATION_REQUIRED);
        App confirming = app(RegistrationMode.CONFIRMATION_REQUIRED);
        register(activating, "bea@example.com");
        register(confirming, "ann@example.com");
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);

        emails.resendConfirmation(activating, "bea@example.com");
        emails.resendConfirmation(confirming, "ann@example.com");
        assertEquals("Activate your memory app account", newestMail("bea@example.com").mail().subject());
        assertEquals("Confirm your email address for memory app",
                mailbox.last("ann@example.com").orElseThrow().mail().subject());
    }

    @Test
    void resendWhenUnknownOrConfirmedThenTheSameAnswerAndNoMail() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        register(app, "ann@example.com");
        emails.confirm(app, newestMail("ann@example.com").token());
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);

        emails.resendConfirmation(app, "ann@example.com");
        emails.resendConfirmation(app, "Nobody@example.com");
        userlink.deliverMail(mailbox);

        assertEquals(1, mailbox.received().size(), "nothing to confirm, nobody to mail");
    }

    @Test
    void resetPasswordWhenTheLinkIsUsedThenNewPasswordEverySessionEndedNobodySignedInAndTheOwnerTold() {
        App app = app(RegistrationMode.AUTOMATIC);
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);
        LoggedIn ann = (LoggedIn) accounts.register(app, token(phone), "ann@example.com", PASSWORD, Map.of(), Map.of());
        String session = ann.tokens().orElseThrow().accessToken().value();
        for (int i = 0; i < 5; i++) {
            assertThrows(UserlinkException.class, () -> signIn(app, "ann@example.com", "a wrong password"));
        }
        assertCode(ErrorCode.TOO_MANY_FAILED_LOGINS, () -> signIn(app, "ann@example.com", PASSWORD));

        emails.requestPasswordReset(app, "ann@example.com");
        Mailbox.Received reset = newestMail("ann@example.com");
        assertTrue(reset.mail().text().contains("https://app.example.com/reset?token=" + reset.token()));
        assertCode(ErrorCode.PASSWORD_POLICY, () -> emails.resetPassword(app, reset.token(), "password"));
        emails.resetPassword(app, reset.token(), NEW_PASSWORD);

        assertCode(ErrorCode.INVALID_CREDENTIALS, () -> accounts.account(userlink.verified(session)));
        assertCode(ErrorCode.INVALID_LOGIN, () -> signIn(app, "ann@example.com", PASSWORD));
        LoggedIn again = signIn(app, "ann@example.com", NEW_PASSWORD);
        assertTrue(again.account().emailConfirmed(), "the link proved the mailbox");
        assertRefusedToken(() -> emails.resetPassword(app, reset.token(), "yet another passphrase"));
        assertEquals("Your memory app password was changed", newestMail("ann@example.com").mail().subject());
    }

    /**
     * A change of address: the link goes to the new address, and only its use moves the account there, confirmed; the
     * old address is told, signs in no more and is free to register; the sessions go on, and a later deletion frees
     * the new address (the user's own record of its address moved too).
     */
    @Test
    void changeAddressThenTheLinkMailedThereMovesTheAccountAndTheOldAddressIsToldAndFreed() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        AccessToken session = userlink.verified(ann.tokens().orElseThrow().accessToken().value());

        accounts.requestAddressChange(app, session, " Ann.New@Example.com ", PASSWORD);

        Mailbox.Received link = newestMail("ann.new@example.com");
        assertEquals("Confirm your new email address for memory app", link.mail().subject());
        assertTrue(link.mail().text().contains("https://app.example.com/confirm?token=" + link.token()));
        assertEquals("ann@example.com", accounts.account(session).email().value(), "nothing moves before the link");
        assertCode(ErrorCode.INVALID_LOGIN, () -> signIn(app, "ann.new@example.com", PASSWORD));

        Account moved = emails.confirm(app, link.token());

        assertEquals("ann.new@example.com", moved.email().value());
        assertTrue(moved.emailConfirmed());
        assertEquals(moved.email(), accounts.account(session).email(), "the session goes on, at the new address");
        userlink.deliverMail(mailbox);
        assertEquals(List.of("Your memory app account has a new email address"), subjects("ann@example.com"));
        LoggedIn signedIn = signIn(app, "ann.new@example.com", PASSWORD);
        assertEquals(ann.user().userId(), signedIn.user().userId());
        assertCode(ErrorCode.INVALID_LOGIN, () -> signIn(app, "ann@example.com", PASSWORD));
        assertEquals(ann.user().userId(), userlink.components().userDirectory()
                .byEmail(app, new EmailAddress("ann.new@example.com"), HistoryWindow.NEWEST).user().userId());
        assertRefusedToken(() -> emails.confirm(app, link.token()));
        LoggedIn someoneElse = (LoggedIn) register(app, "ann@example.com");
        assertNotEquals(ann.user().userId(), someoneElse.user().userId());

        accounts.deleteAccount(app, userlink.verified(signedIn.tokens().orElseThrow().accessToken().value()), PASSWORD);
        assertTrue(register(app, "ann.new@example.com") instanceof LoggedIn, "the deletion freed the new address");
    }

    /**
     * Someone with Ann's password moves her account away, changes the password, moves it once more and resets the
     * password there: the link back mailed with the first move's notice still moves it home, with a password of Ann's
     * choosing, ending every session and killing the taker's pending move; the address it leaves is told, without a
     * link of its own, and is free again.
     */
    @Test
    void undoWhenSomeoneElseMovedTheAccountThenTheLinkBackTakesItHomeWithANewPasswordAndEveryoneElseOut() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        LoggedIn mallory = signIn(app, "ann@example.com", PASSWORD);
        AccessToken taken = userlink.verified(mallory.tokens().orElseThrow().accessToken().value());
        accounts.requestAddressChange(app, taken, "mallory@example.com", PASSWORD);
        emails.confirm(app, newestMail("mallory@example.com").token());

        Mailbox.Received notice = newestMail("ann@example.com");
        assertEquals("Your memory app account has a new email address", notice.mail().subject());
        assertTrue(notice.mail().text().contains("https://app.example.com/reset?token=" + notice.token()),
                "the app's reset page takes the link back: " + notice.mail().text());
        assertTrue(notice.mail().html().contains("The link works once, for 7 days."), notice.mail().html());
        assertTrue(notice.mail().text().contains("reference: " + ann.user().userId()), notice.mail().text());
        accounts.changePassword(app, taken, PASSWORD, "a thief's passphrase");
        userlink.clock().advance(Duration.ofDays(6));
        accounts.requestAddressChange(app, taken, "mallory.two@example.com", "a thief's passphrase");
        emails.confirm(app, newestMail("mallory.two@example.com").token());
        assertFalse(newestMail("mallory@example.com").mail().text().contains("ulm_"),
                "a second move within the week mails no link back of its own");
        emails.requestPasswordReset(app, "mallory.two@example.com");
        emails.resetPassword(app, newestMail("mallory.two@example.com").token(), "a thief's second passphrase");
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);
        accounts.requestAddressChange(app, userlink.verified(signIn(app, "mallory.two@example.com",
                "a thief's second passphrase").tokens().orElseThrow().accessToken().value()), "mallory.three@example.com",
                "a thief's second passphrase");
        String pending = newestMail("mallory.three@example.com").token();
        assertRefusedToken(() -> emails.confirm(app, notice.token()));
        assertRefusedToken(() -> emails.resetPassword(app, pending, "a thief's third passphrase"));

        emails.resetPassword(app, notice.token(), NEW_PASSWORD);

        LoggedIn home = signIn(app, "ann@example.com", NEW_PASSWORD);
        assertEquals(ann.user().userId(), home.user().userId());
        assertTrue(home.account().emailConfirmed());
        assertCode(ErrorCode.INVALID_CREDENTIALS, () -> accounts.account(taken));
        assertCode(ErrorCode.INVALID_CREDENTIALS, () -> accounts.account(userlink.verified(
                ann.tokens().orElseThrow().accessToken().value())));
        assertCode(ErrorCode.INVALID_LOGIN, () -> signIn(app, "mallory.two@example.com", "a thief's second passphrase"));
        assertCode(ErrorCode.INVALID_LOGIN, () -> signIn(app, "ann@example.com", "a thief's second passphrase"));
        Mailbox.Received left = newestMail("mallory.two@example.com");
        assertEquals("Your memory app account has a new email address", left.mail().subject());
        assertFalse(left.mail().text().contains("ulm_"), "the move back carries no link back of its own");
        assertRefusedToken(() -> emails.resetPassword(app, notice.token(), "yet another passphrase"));
        assertRefusedToken(() -> emails.confirm(app, pending));
        assertTrue(register(app, "mallory.two@example.com") instanceof LoggedIn, "the address it left is free");
    }

    /**
     * A link back works for a week, not after; it moves nothing where another account holds the address now; where the
     * account is back already (its owner moved it back by link), it sets the password alone; and a move by support
     * kills it.
     */
    @Test
    void undoWhenExpiredTheAddressTakenTheAccountHomeOrMovedBySupportThenAsEachSays() {
        App app = app(RegistrationMode.AUTOMATIC);
        String expired = linkBack(app, "ann@example.com");
        String taken = linkBack(app, "bob@example.com");
        String home = linkBack(app, "cy@example.com");
        String overruled = linkBack(app, "dee@example.com");
        register(app, "bob@example.com");
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);
        accounts.requestAddressChange(app, userlink.verified(signIn(app, "cy.moved@example.com", PASSWORD).tokens()
                .orElseThrow().accessToken().value()), "cy@example.com", PASSWORD);
        emails.confirm(app, newestMail("cy@example.com").token());
        userlink.components().addressChange().moveWithoutLink(app,
                signIn(app, "dee.moved@example.com", PASSWORD).user().userId(), "dee@example.org");

        assertCode(ErrorCode.EMAIL_ALREADY_REGISTERED, () -> emails.resetPassword(app, taken, NEW_PASSWORD));
        assertTrue(signIn(app, "bob.moved@example.com", PASSWORD).tokens().isPresent(), "moved nowhere, same password");
        emails.resetPassword(app, home, NEW_PASSWORD);
        assertTrue(signIn(app, "cy@example.com", NEW_PASSWORD).tokens().isPresent(), "home already: the password alone");
        assertRefusedToken(() -> emails.resetPassword(app, overruled, NEW_PASSWORD));
        userlink.clock().advance(Duration.ofDays(7));
        assertRefusedToken(() -> emails.resetPassword(app, expired, NEW_PASSWORD));
    }

    /** A move after the week of the last link back, or after it was used, mails a new one, which works. */
    @Test
    void moveWhenTheLastLinkBackDiedOrWasUsedThenTheNoticeCarriesANewOne() {
        App app = app(RegistrationMode.AUTOMATIC);
        String first = linkBack(app, "ann@example.com");
        userlink.clock().advance(Duration.ofDays(7));
        AccessToken session = userlink.verified(signIn(app, "ann.moved@example.com", PASSWORD).tokens().orElseThrow()
                .accessToken().value());
        accounts.requestAddressChange(app, session, "ann.third@example.com", PASSWORD);
        emails.confirm(app, newestMail("ann.third@example.com").token());
        String second = newestMail("ann.moved@example.com").token();

        assertRefusedToken(() -> emails.resetPassword(app, first, NEW_PASSWORD));
        emails.resetPassword(app, second, NEW_PASSWORD);
        assertTrue(signIn(app, "ann.moved@example.com", NEW_PASSWORD).tokens().isPresent(), "home at the second");
        session = userlink.verified(signIn(app, "ann.moved@example.com", NEW_PASSWORD).tokens().orElseThrow()
                .accessToken().value());
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);
        accounts.requestAddressChange(app, session, "ann.fourth@example.com", NEW_PASSWORD);
        emails.confirm(app, newestMail("ann.fourth@example.com").token());
        emails.resetPassword(app, newestMail("ann.moved@example.com").token(), PASSWORD);
        assertTrue(signIn(app, "ann.moved@example.com", PASSWORD).tokens().isPresent(), "a third link back, after the used one");
    }

    /**
     * A move's notice whose link back can no longer be used when the sender reaches it goes out without it, so the old
     * address learns of the move all the same: support moved the account meanwhile, the week went by, or SES refused
     * it until the week was over and the operator sent the unsent mails again.
     */
    @Test
    void deliverWhenTheLinkBackDiedBeforeSendingThenTheNoticeGoesOutWithoutIt() {
        App app = app(RegistrationMode.AUTOMATIC);
        String ann = movedByLink(app, "ann@example.com");
        userlink.components().addressChange().moveWithoutLink(app, ann, "ann.third@example.com");
        userlink.deliverMail(mailbox);
        movedByLink(app, "bob@example.com");
        userlink.clock().advance(MailTokenPurpose.UNDO_EMAIL_CHANGE.lifetime());
        userlink.deliverMail(mailbox);
        movedByLink(app, "cy@example.com");
        OutboxMail refused = userlink.stores().outboxMails().getLast();
        mailbox.failNext(1);
        assertThrows(IllegalStateException.class, () -> userlink.components().mailDelivery(mailbox).deliver(refused.outboxId()));
        userlink.clock().advance(MailTokenPurpose.UNDO_EMAIL_CHANGE.lifetime());
        UnsentMails unsent = new UnsentMails(userlink.stores().outbox(), userlink.ids(), userlink.clock());
        OutboxMail copy = assertInstanceOf(UnsentMails.Outcome.Requeued.class, unsent.sendAgain(refused)).copy();
        assertEquals(Outcome.SENT, userlink.components().mailDelivery(mailbox).deliver(copy.outboxId()));

        for (String left : List.of("ann@example.com", "bob@example.com", "cy@example.com")) {
            Mailbox.Received notice = mailbox.last(left).orElseThrow();
            assertEquals("Your memory app account has a new email address", notice.mail().subject(), left);
            assertFalse(notice.mail().text().contains("ulm_"), left + ": " + notice.mail().text());
        }
    }

    /** An app with its own wording of the notice, and none of the one with a link back, sends its own, without one. */
    @Test
    void moveWhenTheAppWordsTheNoticeButNotTheLinkBackThenItsOwnWordingWithoutALink() {
        App app = userlink.app(AppSettings.defaults().withAccountMail(MemoryUserlink.accountMail(RegistrationMode.AUTOMATIC)
                .withTemplates(new MailTemplates("{\"email_changed\": {\"subject\": \"Neue Adresse bei {app_name}\"}}"))));

        movedByLink(app, "ann@example.com");

        Mailbox.Received notice = newestMail("ann@example.com");
        assertEquals("Neue Adresse bei memory app", notice.mail().subject());
        assertFalse(notice.mail().text().contains("ulm_"), notice.mail().text());
    }

    /** An app without a reset page to take a link back, and support's move, tell the old address without one. */
    @Test
    void moveWhenTheAppHasNoResetPageOrSupportMovesThenTheNoticeCarriesNoLink() {
        App app = userlink.app(AppSettings.defaults().withAccountMail(AccountMail.defaults()
                .withConfirmationLink("https://app.example.com/confirm?token={token}")));
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        accounts.requestAddressChange(app, userlink.verified(ann.tokens().orElseThrow().accessToken().value()),
                "ann.new@example.com", PASSWORD);
        emails.confirm(app, newestMail("ann.new@example.com").token());
        userlink.components().addressChange().moveWithoutLink(app, ann.user().userId(), "ann.third@example.com");

        for (String left : List.of("ann@example.com", "ann.new@example.com")) {
            Mailbox.Received notice = newestMail(left);
            assertEquals("Your memory app account has a new email address", notice.mail().subject());
            assertFalse(notice.mail().text().contains("ulm_"), left);
            assertTrue(notice.mail().text().contains("tell the app's support at once, with the account's reference: "
                    + ann.user().userId()), notice.mail().text());
            assertTrue(notice.mail().html().contains(ann.user().userId()), "support finds the account by it");
        }
    }

    @Test
    void changeAddressWhenAnotherAccountHoldsItThenAnsweredAlikeItsOwnerToldAndNoLinkMailed() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        register(app, "bob@example.com");

        accounts.requestAddressChange(app, userlink.verified(ann.tokens().orElseThrow().accessToken().value()),
                "Bob@example.com", PASSWORD);

        userlink.deliverMail(mailbox);
        assertEquals(List.of("Someone tried to use your address for another memory app account"), subjects("bob@example.com"));
        assertEquals(List.of(), subjects("ann@example.com"));
        assertEquals("ann@example.com", signIn(app, "ann@example.com", PASSWORD).account().email().value());
    }

    @Test
    void changeAddressWhenAnotherAccountTakesItBeforeTheLinkIsUsedThenRefusedAndTheAccountStays() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        accounts.requestAddressChange(app, userlink.verified(ann.tokens().orElseThrow().accessToken().value()),
                "new@example.com", PASSWORD);
        String token = newestMail("new@example.com").token();
        register(app, "new@example.com");

        assertCode(ErrorCode.EMAIL_ALREADY_REGISTERED, () -> emails.confirm(app, token));

        assertEquals(ann.user().userId(), signIn(app, "ann@example.com", PASSWORD).user().userId());
        assertNotEquals(ann.user().userId(), signIn(app, "new@example.com", PASSWORD).user().userId());
    }

    /**
     * Support moves an account without a link (someone who can no longer read the old address): moved and confirmed,
     * the old address told and free, a pending change's link dead; refused for the account's own address, one another
     * account holds, and a user without an account.
     */
    @Test
    void moveWithoutLinkThenMovedAsALinkMovesItAndRefusedWhereALinkIsRefused() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        register(app, "bob@example.com");
        accounts.requestAddressChange(app, userlink.verified(ann.tokens().orElseThrow().accessToken().value()),
                "ann.typo@example.com", PASSWORD);
        String pending = newestMail("ann.typo@example.com").token();
        AddressChange support = userlink.components().addressChange();
        String externalIdUser = userlink.components().linkService().link(app,
                userlink.register(app, DeviceClass.PHONE).install().installId(), "customer-9").userId().orElseThrow();

        assertCode(ErrorCode.INVALID_FIELD, () -> support.moveWithoutLink(app, ann.user().userId(), "ANN@example.com"));
        assertCode(ErrorCode.EMAIL_ALREADY_REGISTERED, () -> support.moveWithoutLink(app, ann.user().userId(),
                "bob@example.com"));
        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, () -> support.moveWithoutLink(app, externalIdUser, "cy@example.com"));
        // Another app's call moves no account of this one.
        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, () -> support.moveWithoutLink(userlink.app(), ann.user().userId(),
                "cy@example.com"));
        Account moved = support.moveWithoutLink(app, ann.user().userId(), "ann.new@example.com").account();

        assertEquals("ann.new@example.com", moved.email().value());
        assertTrue(moved.emailConfirmed());
        assertEquals(ann.user().userId(), signIn(app, "ann.new@example.com", PASSWORD).user().userId());
        assertCode(ErrorCode.INVALID_LOGIN, () -> signIn(app, "ann@example.com", PASSWORD));
        assertRefusedToken(() -> emails.confirm(app, pending));
        userlink.deliverMail(mailbox);
        assertEquals(List.of("Your memory app account has a new email address"), subjects("ann@example.com"));
    }

    /** An account deleted as its link is used: the move writes nothing, and the link is refused as any other. */
    @Test
    void changeAddressWhenTheAccountIsDeletedAsItsLinkIsUsedThenRefusedAndNothingMoves() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        accounts.requestAddressChange(app, userlink.verified(ann.tokens().orElseThrow().accessToken().value()),
                "new@example.com", PASSWORD);
        String token = newestMail("new@example.com").token();
        userlink.stores().beforeNextCommit(() -> userlink.components().userDeletion().delete(app, ann.user().userId()));

        assertRefusedToken(() -> emails.confirm(app, token));

        assertTrue(register(app, "new@example.com") instanceof LoggedIn, "the new address was never taken");
        assertTrue(register(app, "ann@example.com") instanceof LoggedIn, "the deletion freed the old one");
        userlink.deliverMail(mailbox);
        assertEquals(List.of(), subjects("ann@example.com"), "no notice of a move that did not happen");
    }

    /** A newer change's link replaces the older one; the move kills a reset link mailed to the old address. */
    @Test
    void changeAddressWhenAskedAgainOrAResetLinkWasMailedBeforeThenOnlyTheNewestChangeLinkWorks() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        AccessToken session = userlink.verified(ann.tokens().orElseThrow().accessToken().value());
        emails.requestPasswordReset(app, "ann@example.com");
        String reset = newestMail("ann@example.com").token();
        accounts.requestAddressChange(app, session, "first@example.com", PASSWORD);
        accounts.requestAddressChange(app, session, "second@example.com", PASSWORD);
        assertEquals(List.of(), mailbox.to("second@example.com"), "one change mail a minute");
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);
        String first = newestMail("first@example.com").token();
        accounts.requestAddressChange(app, session, "second@example.com", PASSWORD);
        String second = newestMail("second@example.com").token();

        assertRefusedToken(() -> emails.confirm(app, first));
        assertEquals("second@example.com", emails.confirm(app, second).email().value());
        assertRefusedToken(() -> emails.resetPassword(app, reset, NEW_PASSWORD));
    }

    @Test
    void changeAddressWhenRefusedThenNothingIsMailedOrMoved() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        AccessToken session = userlink.verified(ann.tokens().orElseThrow().accessToken().value());
        App unlinked = userlink.app();
        LoggedIn cy = (LoggedIn) accounts.register(unlinked, token(userlink.register(unlinked, DeviceClass.PHONE)),
                "cy@example.com", PASSWORD, Map.of(), Map.of());

        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.requestAddressChange(app, session, "new@example.com", "wrong"));
        assertCode(ErrorCode.INVALID_FIELD, () -> accounts.requestAddressChange(app, session, "ANN@example.com", PASSWORD));
        assertCode(ErrorCode.INVALID_FIELD, () -> accounts.requestAddressChange(app, session, "not an address", PASSWORD));
        assertCode(ErrorCode.INVALID_FIELD, () -> accounts.requestAddressChange(app, session, "josé@example.com", PASSWORD));
        assertCode(ErrorCode.INSUFFICIENT_SCOPE, () -> accounts.requestAddressChange(app,
                token(userlink.register(app, DeviceClass.PHONE)), "new@example.com", PASSWORD));
        UserlinkException unconfigured = assertCode(ErrorCode.EMAIL_CHANGE_NOT_CONFIGURED, () -> accounts
                .requestAddressChange(unlinked, userlink.verified(cy.tokens().orElseThrow().accessToken().value()),
                        "new@example.com", PASSWORD));
        assertEquals("This app has no confirmation-link yet, where the link to a new address would lead; its operator"
                + " sets one with `userlink apps update --app " + unlinked.appId() + " --confirmation-link URL`.",
                unconfigured.detail());

        userlink.deliverMail(mailbox);
        assertEquals(List.of(), mailbox.received());
        assertEquals("ann@example.com", accounts.account(session).email().value());
    }

    /**
     * Deleting one's account from the app tells the address, after the account is gone (the one mail sent to a gone
     * account), with the tombstone's write: a deletion refused mails nothing, and an app without mail nothing.
     */
    @Test
    void deleteAccountWhenTheAppMailsThenTheAddressIsToldOnceTheAccountIsGone() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        AccessToken session = userlink.verified(ann.tokens().orElseThrow().accessToken().value());
        App silent = userlink.app();
        LoggedIn bob = (LoggedIn) accounts.register(silent, token(userlink.register(silent, DeviceClass.PHONE)),
                "bob@example.com", PASSWORD, Map.of("name", "Bob"), Map.of());

        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.deleteAccount(app, session, "a wrong password"));
        accounts.deleteAccount(app, session, PASSWORD);
        accounts.deleteAccount(silent, userlink.verified(bob.tokens().orElseThrow().accessToken().value()), PASSWORD);

        userlink.deliverMail(mailbox);
        assertEquals(List.of("Your memory app account was deleted"), subjects("ann@example.com"));
        assertTrue(mailbox.last("ann@example.com").orElseThrow().mail().text().contains(
                "the memory app account of ann@example.com was deleted from the app"));
        assertEquals(List.of(), subjects("bob@example.com"), "an app without mail is sent none");
    }

    /**
     * A move and a password change, then the account deleted before the sender ran: the notices of what was done still
     * go out (the old address must learn of a move whoever deleted the account after), and the link of a pending
     * reset does not.
     */
    @Test
    void deliverWhenTheAccountWasDeletedAfterItsNoticesThenTheNoticesGoOutAndLinksDoNot() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");
        AccessToken session = userlink.verified(ann.tokens().orElseThrow().accessToken().value());
        accounts.changePassword(app, session, PASSWORD, NEW_PASSWORD);
        accounts.requestAddressChange(app, session, "ann.new@example.com", NEW_PASSWORD);
        emails.confirm(app, newestMail("ann.new@example.com").token());
        emails.requestPasswordReset(app, "ann.new@example.com");

        accounts.deleteAccount(app, session, NEW_PASSWORD);
        userlink.deliverMail(mailbox);

        assertEquals(List.of("Your memory app password was changed", "Your memory app account has a new email address"),
                subjects("ann@example.com"));
        assertFalse(mailbox.last("ann@example.com").orElseThrow().mail().text().contains("ulm_"),
                "the link back died with the account; the notice goes out without it");
        assertEquals(List.of("Confirm your new email address for memory app", "Your memory app account was deleted"),
                subjects("ann.new@example.com"), "no reset link for an account that is gone");
    }

    /** A password change tells the address as a reset does (ASVS 5.0 6.3.7): once, and not for a refused change. */
    @ParameterizedTest
    @EnumSource(RegistrationMode.class)
    void changePasswordWhenTheAppMailsThenTheOwnerIsToldOnceAndNotForARefusedChange(RegistrationMode mode) {
        App app = app(mode);
        register(app, "ann@example.com");
        if (mode == RegistrationMode.ACTIVATION_REQUIRED) {
            emails.confirm(app, newestMail("ann@example.com").token());
        }
        AccessToken session = userlink.verified(signIn(app, "ann@example.com", PASSWORD).tokens().orElseThrow()
                .accessToken().value());
        userlink.deliverMail(mailbox);
        int before = mailbox.received().size();

        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.changePassword(app, session, "a wrong password", NEW_PASSWORD));
        userlink.deliverMail(mailbox);
        assertEquals(before, mailbox.received().size(), "a refused change mails nothing");
        accounts.changePassword(app, session, PASSWORD, NEW_PASSWORD);
        userlink.deliverMail(mailbox);

        List<Mailbox.Received> notices = mailbox.received().subList(before, mailbox.received().size());
        assertEquals(List.of("Your memory app password was changed"), notices.stream().map(mail -> mail.mail().subject()).toList());
        assertEquals("ann@example.com", notices.getFirst().to().value());
        assertTrue(notices.getFirst().mail().text().contains("the password of the memory app account of ann@example.com"
                + " was just changed"), notices.getFirst().mail().text());
    }

    /** An app that set up no mail (automatic, no links: the default) may run on a stack without it: no notice. */
    @Test
    void changePasswordWhenTheAppMailsNothingThenNoNoticeIsWritten() {
        App app = userlink.app(AppSettings.defaults());
        LoggedIn ann = (LoggedIn) register(app, "ann@example.com");

        accounts.changePassword(app, userlink.verified(ann.tokens().orElseThrow().accessToken().value()), PASSWORD,
                NEW_PASSWORD);

        userlink.deliverMail(mailbox);
        assertEquals(List.of(), mailbox.received());
        assertTrue(signIn(app, "ann@example.com", NEW_PASSWORD).tokens().isPresent());
    }

    /**
     * A reset stopped while it ended the sessions (a timeout, throttling) has spent nothing: the link still works,
     * the old password still signs in, and the link sent again ends every session, one signed in meanwhile too.
     */
    @Test
    void resetPasswordWhenStoppedWhileEndingTheSessionsThenSendingTheLinkAgainFinishesIt() {
        App app = app(RegistrationMode.AUTOMATIC);
        LoggedIn phone = (LoggedIn) accounts.register(app, token(userlink.register(app, DeviceClass.PHONE)),
                "ann@example.com", PASSWORD, Map.of(), Map.of());
        emails.requestPasswordReset(app, "ann@example.com");
        String link = newestMail("ann@example.com").token();
        userlink.identities().stoppingAtCommit(1);
        assertThrows(StoppingIdentityStore.Stopped.class, () -> emails.resetPassword(app, link, NEW_PASSWORD));
        LoggedIn meanwhile = signIn(app, "ann@example.com", PASSWORD);

        emails.resetPassword(app, link, NEW_PASSWORD);

        for (LoggedIn session : List.of(phone, meanwhile)) {
            assertCode(ErrorCode.INVALID_CREDENTIALS,
                    () -> accounts.account(userlink.verified(session.tokens().orElseThrow().accessToken().value())));
        }
        assertCode(ErrorCode.INVALID_LOGIN, () -> signIn(app, "ann@example.com", PASSWORD));
        assertTrue(signIn(app, "ann@example.com", NEW_PASSWORD).tokens().isPresent());
    }

    @Test
    void resetPasswordWhenSomeoneSignsInWithTheOldPasswordJustBeforeTheChangeThenThatSessionEndsToo() {
        // Registered, not signed in anywhere: the sign-in below comes after the sessions were ended the first time.
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        String link = annsResetToken(app);
        List<LoggedIn> meanwhile = new ArrayList<>();
        userlink.stores().beforeNextCommit(() -> meanwhile.add(signIn(app, "ann@example.com", PASSWORD)));

        emails.resetPassword(app, link, NEW_PASSWORD);

        assertCode(ErrorCode.INVALID_CREDENTIALS, () -> accounts.account(userlink.verified(
                meanwhile.getFirst().tokens().orElseThrow().accessToken().value())));
    }

    @Test
    void resetPasswordWhenTheLinkIsAnHourOldThenRefused() {
        App app = app(RegistrationMode.AUTOMATIC);
        String token = annsResetToken(app);

        userlink.clock().advance(Duration.ofHours(1));

        assertRefusedToken(() -> emails.resetPassword(app, token, NEW_PASSWORD));
    }

    @Test
    void resetPasswordWhenTheOperatorRemovedTheResetLinkAfterItWasMailedThenRefused() {
        App app = app(RegistrationMode.AUTOMATIC);
        String token = annsResetToken(app);
        App withoutReset = app.withSettings(app.settings().withAccountMail(
                app.settings().accountMail().withPasswordResetLink("")));

        assertCode(ErrorCode.PASSWORD_RESET_NOT_CONFIGURED, () -> emails.resetPassword(withoutReset, token, NEW_PASSWORD));

        assertCode(ErrorCode.INVALID_LOGIN, () -> signIn(app, "ann@example.com", NEW_PASSWORD));
    }

    @Test
    void registerWhenMailedFirstFromADeactivatedInstallThenRefusedAndNothingMailed() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        register(app, "ann@example.com");
        AnonymousInstall first = userlink.register(app, DeviceClass.PHONE);
        accounts.signIn(app, token(first), "ann@example.com", PASSWORD);
        signIn(app, "ann@example.com", PASSWORD);
        userlink.deliverMail(mailbox);
        int mailed = mailbox.received().size();

        assertCode(ErrorCode.INSTALL_DEACTIVATED, () -> accounts.register(app, token(first), "bob@example.com", PASSWORD,
                Map.of(), Map.of()));

        userlink.deliverMail(mailbox);
        assertEquals(mailed, mailbox.received().size(), "no link mailed for a deactivated install");
    }

    @Test
    void requestPasswordResetWhenAskedAgainWithinTheMinuteThenNoSecondMailUntilTheNextMinute() {
        App app = app(RegistrationMode.AUTOMATIC);
        register(app, "ann@example.com");
        long intoTheMinute = userlink.clock().instant().getEpochSecond() % 60;
        userlink.clock().advance(Duration.ofSeconds(60 - intoTheMinute));

        emails.requestPasswordReset(app, "ann@example.com");
        userlink.deliverMail(mailbox);
        userlink.clock().advance(Duration.ofSeconds(59));
        emails.requestPasswordReset(app, "ann@example.com");
        userlink.deliverMail(mailbox);

        assertEquals(List.of("Reset your memory app password"), subjects("ann@example.com"), "one mail a minute");
        userlink.clock().advance(Duration.ofSeconds(1));
        emails.requestPasswordReset(app, "ann@example.com");
        userlink.deliverMail(mailbox);
        assertEquals(2, subjects("ann@example.com").size(), "the next minute, another");
    }

    @Test
    void mailWhenItCarriesALinkThenItSaysHowLongTheLinkWorks() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        register(app, "ann@example.com");
        Mailbox.Received confirmation = newestMail("ann@example.com");
        emails.requestPasswordReset(app, "ann@example.com");
        Mailbox.Received reset = newestMail("ann@example.com");

        assertTrue(confirmation.mail().text().contains("The link works once, for 24 hours."), confirmation.mail().text());
        assertTrue(confirmation.mail().html().contains("The link works once, for 24 hours."), confirmation.mail().html());
        assertTrue(reset.mail().text().contains("The link works once, for 1 hour."), reset.mail().text());
        assertTrue(reset.mail().html().contains("The link works once, for 1 hour."), reset.mail().html());
    }

    @Test
    void requestPasswordResetWhenUnknownThenTheSameAnswerAndNoMail() {
        App app = app(RegistrationMode.AUTOMATIC);

        emails.requestPasswordReset(app, "nobody@example.com");
        userlink.deliverMail(mailbox);

        assertEquals(List.of(), mailbox.received());
    }

    @Test
    void requestPasswordResetWhenTheAppHasNoResetLinkThenRefusedForEveryAddress() {
        App app = userlink.app();
        accounts.register(app, token(userlink.register(app, DeviceClass.PHONE)), "ann@example.com", PASSWORD, Map.of(),
                Map.of());

        UserlinkException known = assertCode(ErrorCode.PASSWORD_RESET_NOT_CONFIGURED,
                () -> emails.requestPasswordReset(app, "ann@example.com"));
        UserlinkException unknown = assertCode(ErrorCode.PASSWORD_RESET_NOT_CONFIGURED,
                () -> emails.requestPasswordReset(app, "nobody@example.com"));

        assertEquals(known.detail(), unknown.detail());
        assertTrue(known.detail().contains("--password-reset-link"), known.detail());
    }

    @Test
    void mailWhenTheAccountIsDeletedOrTheLinkReplacedBeforeSendingThenDropped() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        register(app, "ann@example.com");
        userlink.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);
        emails.resendConfirmation(app, "ann@example.com");
        register(app, "bea@example.com");
        String bea = userlink.stores().outboxMails().getLast().userId();
        userlink.components().userDeletion().delete(app, bea);

        List<Outcome> outcomes = userlink.deliverMail(mailbox);

        assertEquals(List.of(Outcome.DROPPED, Outcome.SENT, Outcome.DROPPED), outcomes,
                "the mail sender's log names a dropped mail as dropped");
        assertEquals(1, mailbox.to("ann@example.com").size(), "the first link was replaced before it was sent");
        assertEquals(List.of(), mailbox.to("bea@example.com"));
        assertTrue(userlink.stores().sentMails().values().containsAll(List.of("dropped: link-replaced", "dropped: account-gone")));
    }

    /**
     * SES takes no address beyond ASCII before the {@code @}, nor one whose quoted local part passes 64 octets: under
     * a mode that mails first, its link could never arrive, so registering it is refused before anything is read or
     * written; an international domain, and a local part that fits quoted, are fine.
     */
    @Test
    void registerWhenMailsFirstAndTheMailServiceCannotTakeTheAddressThenRefusedBeforeAnythingIsWritten() {
        for (RegistrationMode mode : new RegistrationMode[] {RegistrationMode.CONFIRMATION_REQUIRED,
                RegistrationMode.ACTIVATION_REQUIRED}) {
            App app = app(mode);

            for (String address : List.of("josé@example.com", "a".repeat(62) + "..@docomo.ne.jp")) {
                UserlinkException refused = assertCode(ErrorCode.INVALID_FIELD, () -> register(app, address));

                assertEquals("`email` cannot receive mail from this service, which sends only to addresses in ASCII"
                        + " before the @ and within mail's lengths (an international domain is fine); use another.",
                        refused.detail());
            }
            assertEquals(List.of(), userlink.stores().outboxMails());
        }
        App activation = app(RegistrationMode.ACTIVATION_REQUIRED);
        register(activation, "bea@müller.de");
        register(activation, "taro..yamada@docomo.ne.jp");
        userlink.deliverMail(mailbox);
        assertEquals(1, mailbox.to("bea@müller.de").size());
        assertEquals(1, mailbox.to("taro..yamada@docomo.ne.jp").size());
    }

    /**
     * An account registered under {@code automatic} may have an address SES cannot take. Its mails are dropped at
     * once, never retried: a retry would hold up every mail behind it in the stream until the batch went to the
     * dead-letter queue.
     */
    @Test
    void deliverWhenTheMailServiceCannotTakeTheAddressThenDroppedAndTheNextMailSent() {
        App app = app(RegistrationMode.AUTOMATIC);
        register(app, "josé@example.com");
        register(app, "ann@example.com");
        emails.requestPasswordReset(app, "josé@example.com");
        emails.requestPasswordReset(app, "ann@example.com");

        List<Outcome> outcomes = userlink.deliverMail(mailbox);

        assertEquals(List.of(Outcome.UNDELIVERABLE, Outcome.SENT), outcomes);
        assertEquals(1, mailbox.to("ann@example.com").size());
        assertTrue(userlink.stores().sentMails().containsValue("dropped: address-undeliverable"),
                userlink.stores().sentMails().toString());
        assertEquals(List.of(Outcome.ALREADY_DONE, Outcome.ALREADY_DONE), userlink.deliverMail(mailbox));
    }

    @Test
    void deliverWhenTheMailServiceFailsThenTheMailIsSentOnceOnRetry() {
        App app = app(RegistrationMode.CONFIRMATION_REQUIRED);
        register(app, "ann@example.com");
        OutboxMail mail = userlink.stores().outboxMails().getFirst();
        AccountMailDelivery delivery = userlink.components().mailDelivery(mailbox);
        mailbox.failNext(1);

        assertThrows(IllegalStateException.class, () -> delivery.deliver(mail.outboxId()));
        assertEquals(AccountMailDelivery.Outcome.SENT, delivery.deliver(mail.outboxId()));
        assertEquals(AccountMailDelivery.Outcome.ALREADY_DONE, delivery.deliver(mail.outboxId()));

        assertEquals(1, mailbox.received().size());
        assertEquals(mail.outboxId(), mailbox.received().getFirst().outboxId());
    }

    /**
     * Reset mails whose records were retried for most of their links' hour (or sent again by the person on call): one
     * with a second of life left goes out; one whose link died is dropped, not sent with a link that is refused.
     */
    @Test
    void deliverWhenTheLinkDiedWhileTheMailWaitedThenDroppedNotSent() {
        App app = app(RegistrationMode.AUTOMATIC);
        register(app, "ann@example.com");
        register(app, "bea@example.com");
        userlink.deliverMail(mailbox);
        emails.requestPasswordReset(app, "ann@example.com");
        emails.requestPasswordReset(app, "bea@example.com");
        List<OutboxMail> resets = userlink.stores().outboxMails().stream()
                .filter(mail -> mail.kind() == MailKind.PASSWORD_RESET).toList();
        AccountMailDelivery delivery = userlink.components().mailDelivery(mailbox);

        userlink.clock().advance(MailTokenPurpose.RESET_PASSWORD.lifetime().minusSeconds(1));
        assertEquals(Outcome.SENT, delivery.deliver(resets.get(1).outboxId()));
        userlink.clock().advance(Duration.ofSeconds(1));
        assertEquals(Outcome.DROPPED, delivery.deliver(resets.get(0).outboxId()));

        assertEquals("dropped: link-expired", userlink.stores().sentMails().get(resets.get(0).outboxId()));
        assertEquals(List.of(), subjects("ann@example.com").stream().filter(subject -> subject.contains("Reset")).toList());
        assertEquals(1, subjects("bea@example.com").stream().filter(subject -> subject.contains("Reset")).count());
    }

    @Test
    void templatesWhenTheAppHasItsOwnThenAttributesAreEscapedWhereTheyLand() {
        App app = userlink.app(AppSettings.defaults().withAccountMail(MemoryUserlink.accountMail(RegistrationMode.CONFIRMATION_REQUIRED)
                .withTemplates(new MailTemplates("{\"confirm_email\": {\"subject\": \"Hi {attributes.name}\","
                        + " \"text\": \"Hi {attributes.name}: {link}\", \"html\": \"<p>Hi {attributes.name}</p><a href=\\\"{link}\\\">go</a>\"}}"))));
        accounts.register(app, token(userlink.register(app, DeviceClass.PHONE)), "ann@example.com", PASSWORD,
                Map.of("name", "<b>Ann</b>\r\nBcc: eve@example.com"), Map.of());

        Mailbox.Received mail = newestMail("ann@example.com");
        assertEquals("Hi <b>Ann</b>  Bcc: eve@example.com", mail.mail().subject(), "one line: no header of its own");
        assertFalse(mail.mail().text().contains("\nBcc"));
        assertTrue(mail.mail().html().startsWith("<p>Hi &lt;b&gt;Ann&lt;/b&gt;  Bcc: eve@example.com</p>"), mail.mail().html());
        assertTrue(mail.mail().html().contains("<a href=\"https://app.example.com/confirm?token=" + mail.token() + "\">"));
    }

    @Test
    void mailKindsThenOneTemplateEachWithItsLinkWhereOneIsNeeded() {
        for (MailKind kind : MailKind.values()) {
            MailTemplates.Template template = MailTemplates.defaults(kind);
            assertEquals(kind.carriesLink(), template.text().contains("{link}") && template.html().contains("{link}"), kind.value());
        }
    }

    private App app(RegistrationMode mode) {
        return userlink.mailingApp(mode);
    }

    private Registered register(App app, String email) {
        return accounts.register(app, token(userlink.register(app, DeviceClass.PHONE)), email, PASSWORD, Map.of(), Map.of());
    }

    /** Registers Ann and has a reset link mailed to her; its token. */
    private String annsResetToken(App app) {
        register(app, "ann@example.com");
        emails.requestPasswordReset(app, "ann@example.com");
        return newestMail("ann@example.com").token();
    }

    /**
     * Registers {@code email}, has someone with the password move the account to {@code .moved} of the same name, and
     * returns the link back mailed to {@code email}.
     */
    private String linkBack(App app, String email) {
        movedByLink(app, email);
        return newestMail(email).token();
    }

    /**
     * Registers {@code email} and moves its account to {@code .moved} of the same name by link, leaving the notice of
     * the move in the outbox, unsent; the user id.
     */
    private String movedByLink(App app, String email) {
        LoggedIn owner = (LoggedIn) register(app, email);
        String moved = email.replace("@", ".moved@");
        accounts.requestAddressChange(app, userlink.verified(owner.tokens().orElseThrow().accessToken().value()), moved,
                PASSWORD);
        emails.confirm(app, newestMail(moved).token());
        return owner.user().userId();
    }

    /** Delivers the outbox's mails; the newest one to {@code address}. */
    private Mailbox.Received newestMail(String address) {
        userlink.deliverMail(mailbox);
        return mailbox.last(address).orElseThrow();
    }

    private LoggedIn signIn(App app, String email, String password) {
        return accounts.signIn(app, token(userlink.register(app, DeviceClass.PHONE)), email, password);
    }

    private AccessToken token(AnonymousInstall install) {
        return userlink.verified(install.tokens().accessToken().value());
    }

    private List<String> subjects(String address) {
        return mailbox.to(address).stream().map(mail -> mail.mail().subject()).toList();
    }

    private static String withAnotherSecret(String token) {
        SecretToken real = MailTokens.parse(token).orElseThrow();
        // All zeros, as long as the HMAC-SHA256 a real token's secret is derived from.
        return SecretToken.of(SecretToken.MAIL_TOKEN_PREFIX, real.id(), new byte[32]).value();
    }

    private static void assertRefusedToken(Runnable action) {
        UserlinkException refused = assertCode(ErrorCode.INVALID_MAIL_TOKEN, action);
        assertEquals("The link is invalid, expired, already used or replaced by a newer one; ask for a new one.",
                refused.detail());
    }
}
