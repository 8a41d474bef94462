package io.userlink.account;

import static io.userlink.support.Refusals.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.userlink.account.AccountService.LoggedIn;
import io.userlink.app.App;
import io.userlink.app.RegistrationMode;
import io.userlink.audit.SecurityEvent;
import io.userlink.error.ErrorCode;
import io.userlink.identity.HistoryWindow;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.support.Mailbox;
import io.userlink.support.MemoryUserlink;
import io.userlink.token.AccessToken;
import io.userlink.user.EmailAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a security team finds in the log of each password check and each password set (README, "Security events"): who,
 * on which install, what for and why not; never the address or a password.
 */
class SecurityEventsTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "a brand new passphrase";

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final AccountService accounts = userlink.components().accountService();
    private final App app = userlink.app();

    @Test
    void signInWhenUnknownWrongThenRightThenEachOutcomeWithTheRetriesBeforeTheSuccess() {
        String ann = register("ann@example.com").user().userId();
        AnonymousInstall device = userlink.register(app, DeviceClass.PHONE);
        String install = device.install().installId();
        int before = userlink.securityEvents().size();

        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "bob@example.com", PASSWORD));
        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "not an address", PASSWORD));
        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "ann@example.com", "not it"));
        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "Ann@Example.com", "nor this"));
        accounts.signIn(app, token(device), "ann@example.com", PASSWORD);
        AnonymousInstall next = userlink.register(app, DeviceClass.PHONE);
        accounts.signIn(app, token(next), "ann@example.com", PASSWORD);

        String on = " app=" + app.appId() + " user=" + ann + " install=" + install;
        assertEquals(List.of(
                "authn_login_fail app=" + app.appId() + " install=" + install + " operation=sign-in reason=unknown-account",
                "authn_login_fail app=" + app.appId() + " install=" + install + " operation=sign-in reason=unknown-account",
                "authn_login_fail" + on + " operation=sign-in reason=wrong-password",
                "authn_login_fail" + on + " operation=sign-in reason=wrong-password",
                "authn_login_successafterfail" + on + " operation=sign-in retries=2",
                "authn_login_success app=" + app.appId() + " user=" + ann + " install=" + next.install().installId()
                        + " operation=sign-in"), lines(before));
    }

    @Test
    void signInWhenTheFailuresReachTheFirstWaitThenItsLimitOnceAndEachAttemptWhileWaitingIsAFailureToo() {
        String ann = register("ann@example.com").user().userId();
        AnonymousInstall device = userlink.register(app, DeviceClass.PHONE);
        for (int failure = 1; failure < LoginGuard.FREE_FAILURES; failure++) {
            assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "ann@example.com", "not it"));
        }
        int before = userlink.securityEvents().size();

        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "ann@example.com", "not it"));
        assertCode(ErrorCode.TOO_MANY_FAILED_LOGINS, () -> accounts.signIn(app, token(device), "ann@example.com", PASSWORD));

        String on = " app=" + app.appId() + " user=" + ann + " install=" + device.install().installId();
        assertEquals(List.of(
                "authn_login_fail" + on + " operation=sign-in reason=wrong-password",
                "authn_login_fail_max" + on + " limit=5",
                "authn_login_fail app=" + app.appId() + " install=" + device.install().installId()
                        + " operation=sign-in reason=locked"), lines(before));
    }

    @Test
    void signInWhenTheFailuresReachTheCapThenTheAddressIsLockedAndSoLogged() {
        register("ann@example.com");
        for (int failure = 1; failure < LoginGuard.MAX_FAILURES; failure++) {
            // A new install each time: the wait outlasts an access token.
            AnonymousInstall device = userlink.register(app, DeviceClass.PHONE);
            assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "ann@example.com", "not it"));
            userlink.clock().advance(LoginGuard.LONGEST_WAIT);
        }
        AnonymousInstall device = userlink.register(app, DeviceClass.PHONE);
        int before = userlink.securityEvents().size();

        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "ann@example.com", "not it"));

        List<String> events = lines(before);
        assertEquals(2, events.size(), events.toString());
        assertEquals("authn_login_lock", events.get(1).split(" ")[0], events.toString());
        assertEquals(SecurityEvent.Kind.LOGIN_LOCK, userlink.securityEvents().getLast().kind());
        assertEquals("maxretries", userlink.securityEvents().getLast().details().get("reason"));
    }

    @Test
    void changePasswordThenTheCheckAndTheChangeAndAWrongCurrentPasswordIsAFailedChange() {
        LoggedIn ann = register("ann@example.com");
        String on = " app=" + app.appId() + " user=" + ann.user().userId() + " install=" + ann.install().installId();
        int before = userlink.securityEvents().size();

        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.changePassword(app, userToken(ann), "not it", NEW_PASSWORD));
        accounts.changePassword(app, userToken(ann), PASSWORD, NEW_PASSWORD);

        assertEquals(List.of(
                "authn_password_change_fail" + on + " operation=password-change reason=wrong-password",
                "authn_login_successafterfail" + on + " operation=password-change retries=1",
                "authn_password_change" + on + " via=change"), lines(before));
    }

    /** A signed-in user whose address is locked is named, though nothing was read: its token says who it is. */
    @Test
    void changePasswordWhenTheAddressIsLockedThenAFailedChangeOfTheTokensUser() {
        LoggedIn ann = register("ann@example.com");
        for (int failure = 1; failure <= LoginGuard.FREE_FAILURES; failure++) {
            assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.changePassword(app, userToken(ann), "not it", NEW_PASSWORD));
        }

        assertCode(ErrorCode.TOO_MANY_FAILED_LOGINS, () -> accounts.changePassword(app, userToken(ann), PASSWORD,
                NEW_PASSWORD));

        assertEquals("authn_password_change_fail app=" + app.appId() + " user=" + ann.user().userId() + " install="
                + ann.install().installId() + " operation=password-change reason=locked",
                userlink.securityEvents().getLast().line());
    }

    @Test
    void changeEmailOrDeleteAccountWhenThePasswordIsWrongThenAFailedLoginOfTheOperation() {
        App mailing = userlink.mailingApp(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(mailing, "ann@example.com");
        String on = " app=" + mailing.appId() + " user=" + ann.user().userId() + " install=" + ann.install().installId();
        int before = userlink.securityEvents().size();

        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.requestAddressChange(mailing, userToken(ann), "ann@example.org",
                "not it"));
        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.deleteAccount(mailing, userToken(ann), "not it"));

        assertEquals(List.of(
                "authn_login_fail" + on + " operation=email-change reason=wrong-password",
                "authn_login_fail" + on + " operation=account-deletion reason=wrong-password"), lines(before));
    }

    @Test
    void signInWhenTheAccountAwaitsActivationThenAFailureAfterTheRightPassword() {
        App activating = userlink.mailingApp(RegistrationMode.ACTIVATION_REQUIRED);
        register(activating, "bea@example.com");
        AnonymousInstall device = userlink.register(activating, DeviceClass.PHONE);

        assertCode(ErrorCode.ACCOUNT_NOT_ACTIVATED, () -> accounts.signIn(activating, token(device), "bea@example.com",
                PASSWORD));

        SecurityEvent refused = userlink.securityEvents().getLast();
        assertEquals(SecurityEvent.Kind.LOGIN_FAIL, refused.kind());
        assertEquals("not-activated", refused.details().get("reason"));
        assertEquals(userlink.components().userDirectory().byEmail(activating,
                new EmailAddress("bea@example.com"), HistoryWindow.NEWEST).user().userId(),
                refused.userId().orElseThrow());
    }

    @Test
    void resetPasswordThenAPasswordChangeByTheLinkWithoutAnInstall() {
        App mailing = userlink.mailingApp(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(mailing, "ann@example.com");
        AccountEmails emails = userlink.components().accountEmails();
        emails.requestPasswordReset(mailing, "ann@example.com");
        Mailbox mailbox = new Mailbox();
        userlink.deliverMail(mailbox);

        String link = mailbox.last("ann@example.com").orElseThrow().token();
        emails.resetPassword(mailing, link, NEW_PASSWORD);

        assertEquals("authn_password_change app=" + mailing.appId() + " user=" + ann.user().userId() + " via=reset",
                userlink.securityEvents().getLast().line());
        assertCode(ErrorCode.INVALID_MAIL_TOKEN, () -> emails.resetPassword(mailing, link, "yet another passphrase"));
        assertEquals("authn_login_fail app=" + mailing.appId() + " operation=password-reset reason=invalid-link",
                userlink.securityEvents().getLast().line(), "a spent link, as any refused one");
    }

    @Test
    void signOutThenTheSessionExpiredByLogoutAndEverywhereSaysSo() {
        LoggedIn phone = register("ann@example.com");
        AccessToken phoneToken = userToken(phone);
        accounts.signOut(app, phoneToken, false);
        AnonymousInstall next = userlink.register(app, DeviceClass.PHONE);
        AccessToken nextToken = userToken(accounts.signIn(app, token(next), "ann@example.com", PASSWORD));

        accounts.signOut(app, nextToken, true);

        String user = " user=" + phone.user().userId();
        assertEquals(List.of(
                "session_expired app=" + app.appId() + user + " install=" + phone.install().installId()
                        + " reason=logout session=" + phoneToken.sessionId(),
                "authn_login_success app=" + app.appId() + user + " install=" + next.install().installId()
                        + " operation=sign-in",
                "session_expired app=" + app.appId() + user + " install=" + next.install().installId()
                        + " reason=logout-everywhere session=" + nextToken.sessionId()),
                lines(userlink.securityEvents().size() - 3));
    }

    @Test
    void deleteAccountOrMoveItByLinkThenTheUserDeletedOrUpdated() {
        App mailing = userlink.mailingApp(RegistrationMode.AUTOMATIC);
        LoggedIn ann = (LoggedIn) register(mailing, "ann@example.com");
        accounts.requestAddressChange(mailing, userToken(ann), "ann@example.org", PASSWORD);
        Mailbox mailbox = new Mailbox();
        userlink.deliverMail(mailbox);

        userlink.components().accountEmails().confirm(mailing, mailbox.last("ann@example.org").orElseThrow().token());
        assertEquals("user_updated app=" + mailing.appId() + " user=" + ann.user().userId() + " field=email via=link",
                userlink.securityEvents().getLast().line());
        accounts.deleteAccount(mailing, userToken(ann), PASSWORD);

        assertEquals("user_deleted app=" + mailing.appId() + " user=" + ann.user().userId() + " install="
                + ann.install().installId() + " by=self", userlink.securityEvents().getLast().line());
    }

    @Test
    void everyEventOfAFailedAndASucceededCheckHoldsNeitherTheAddressNorAPassword() {
        register("ann.secret@example.com");
        AnonymousInstall device = userlink.register(app, DeviceClass.PHONE);
        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "ann.secret@example.com", "hunter2hunter2"));
        accounts.signIn(app, token(device), "ann.secret@example.com", PASSWORD);

        for (SecurityEvent event : userlink.securityEvents()) {
            String line = event.line();
            assertFalse(line.contains("ann.secret") || line.contains("hunter2") || line.contains("horse"), line);
        }
    }

    private LoggedIn register(String email) {
        return (LoggedIn) register(app, email);
    }

    private AccountService.Registered register(App in, String email) {
        return accounts.register(in, token(userlink.register(in, DeviceClass.PHONE)), email, PASSWORD, Map.of(), Map.of());
    }


    private List<String> lines(int from) {
        List<SecurityEvent> events = userlink.securityEvents();
        return events.subList(from, events.size()).stream().map(SecurityEvent::line).toList();
    }

    private AccessToken token(AnonymousInstall install) {
        return userlink.verified(install.tokens().accessToken().value());
    }

    private AccessToken userToken(LoggedIn loggedIn) {
        return userlink.verified(loggedIn.tokens().orElseThrow().accessToken().value());
    }
}
