package io.userlink.account;

import static io.userlink.support.Refusals.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.account.AccountService.LoggedIn;
import io.userlink.app.App;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.GrantException;
import io.userlink.error.RetryLaterException;
import io.userlink.error.UserlinkException;
import io.userlink.identity.HistoryWindow;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.install.InstallState;
import io.userlink.password.Password;
import io.userlink.password.PasswordHasher;
import io.userlink.support.MemoryUserlink;
import io.userlink.support.StoppingIdentityStore;
import io.userlink.support.StoredAccounts;
import io.userlink.support.PasswordDerivations;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.HistoryEvent;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accounts: registration, sign-in, sign-out, the account and its password (README, "Accounts"). */
class AccountServiceTest {

    private static final String PASSWORD = "correct horse battery";

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final AccountService accounts = userlink.components().accountService();
    private final App app = userlink.app();

    @Test
    void registerWhenAnonymousInstallThenItKeepsItsIdJoinsTheNewUserActiveWithUserTokens() {
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);

        LoggedIn registered = register(phone, " Ann@Example.com ");

        assertEquals(phone.install().installId(), registered.install().installId());
        assertEquals(InstallState.ACTIVE, registered.install().state());
        assertEquals(Optional.of(registered.user().userId()), registered.install().userId());
        assertEquals(Optional.empty(), registered.user().externalId(), "an account's user has no external id");
        Account account = registered.account();
        assertEquals("ann@example.com", account.email().value());
        assertFalse(account.emailConfirmed());
        assertEquals(Map.of("name", "Ann"), account.attributes());
        AccessToken token = userlink.verified(registered.tokens().orElseThrow().accessToken().value());
        assertEquals(TokenScope.USER, token.scope());
        assertEquals(registered.user().userId(), token.subject());
        assertEquals(List.of(HistoryEvent.CREATED, HistoryEvent.ACTIVATED), events(registered.user().userId()));
        assertFalse(account.passwordHash().contains(PASSWORD));
        assertFalse(account.toString().contains("ann@"), "no address or hash in logs");
    }

    @Test
    void registerWhenTheEmailHasAnAccountInAnyCaseThenConflictBeforeAnyHashAndTheInstallStaysAnonymous() {
        register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall second = userlink.register(app, DeviceClass.PHONE);

        try (PasswordDerivations derivations = PasswordDerivations.watch()) {
            assertCode(ErrorCode.EMAIL_ALREADY_REGISTERED, () -> register(second, "ANN@example.com"));
            assertEquals(List.of(), derivations.iterations(), "a taken address costs no hash");
        }
        assertEquals(InstallState.ANONYMOUS, userlink.install(second.install().installId()).state());
    }

    /**
     * An international domain typed in Unicode or in its IDNA form is one mailbox: one account, and one count of
     * failed sign-ins, so switching spellings wins a guesser no more tries.
     */
    @Test
    void registerOrSignInWhenTheDomainIsSpelledInIdnaFormThenTheSameAccountAndTheSameCount() {
        LoggedIn registered = register(userlink.register(app, DeviceClass.PHONE), "bea@müller.de");
        AnonymousInstall second = userlink.register(app, DeviceClass.PHONE);
        AnonymousInstall guesser = userlink.register(app, DeviceClass.PHONE);

        assertCode(ErrorCode.EMAIL_ALREADY_REGISTERED, () -> register(second, "bea@xn--mller-kva.de"));
        assertEquals(registered.user().userId(),
                accounts.signIn(app, token(second), "Bea@XN--MLLER-KVA.de", PASSWORD).user().userId());
        for (int failure = 1; failure <= 5; failure++) {
            String spelling = failure % 2 == 0 ? "bea@müller.de" : "bea@xn--mller-kva.de";
            assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(guesser), spelling, "not the password"));
        }
        assertCode(ErrorCode.TOO_MANY_FAILED_LOGINS, () -> accounts.signIn(app, token(guesser), "bea@müller.de", PASSWORD));
    }

    /** An account registered while an address typed in IDNA form was kept so is found, and held, by either spelling. */
    @Test
    void signInOrRegisterWhenTheAccountIsStoredUnderTheIdnaSpellingThenEitherSpellingFindsIt() {
        String userId = userlink.ids().userId();
        StoredAccounts.store(userlink.identities(), app.appId(), userId, new EmailAddress("bea@xn--mller-kva.de"),
                PASSWORD, userlink.clock().instant());
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);

        assertCode(ErrorCode.EMAIL_ALREADY_REGISTERED, () -> register(phone, "bea@müller.de"));
        assertEquals(userId, accounts.signIn(app, token(phone), "bea@müller.de", PASSWORD).user().userId());
        assertEquals(userId, userlink.components().userDirectory()
                .byEmail(app, EmailAddress.parse("bea@xn--mller-kva.de").orElseThrow(), HistoryWindow.NEWEST).user().userId());
    }

    @Test
    void registerWhenTheSameEmailInAnotherAppThenItsOwnAccount() {
        register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        App other = userlink.app();

        LoggedIn elsewhere = (LoggedIn) accounts.register(other, token(userlink.register(other, DeviceClass.PHONE)),
                "ann@example.com", PASSWORD, Map.of(), Map.of());

        assertEquals(other.appId(), elsewhere.account().appId());
    }

    @Test
    void registerWhenTheInstallIsLinkedThenRefusedAsLinkingIs() {
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);
        userlink.components().linkService().link(app, phone.install().installId(), "customer-42");

        assertCode(ErrorCode.INSTALL_LINKED_TO_OTHER_USER, () -> register(phone, "ann@example.com"));
    }

    @Test
    void registerWhenThePasswordBreaksThePolicyOrTheEmailIsNotOneThenRefusedAndNothingStored() {
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);

        assertCode(ErrorCode.PASSWORD_POLICY, () -> accounts.register(app, token(phone), "ann@example.com", "password",
                Map.of(), Map.of()));
        assertCode(ErrorCode.INVALID_FIELD, () -> accounts.register(app, token(phone), "ann", PASSWORD, Map.of(), Map.of()));
        assertEquals(Optional.empty(), userlink.stores().identities().findUserIdByEmail(app.appId(),
                new EmailAddress("ann@example.com")));
    }

    @Test
    void registerWhenTheAppUsesTheLegacyPolicyThenItsRuleApplies() {
        App legacy = userlink.app(userlink.app().settings().withPasswordPolicy(io.userlink.password.PasswordPolicy.LEGACY));
        AnonymousInstall phone = userlink.register(legacy, DeviceClass.PHONE);

        assertCode(ErrorCode.PASSWORD_POLICY, () -> accounts.register(legacy, token(phone), "ann@example.com", PASSWORD,
                Map.of(), Map.of()));
        assertEquals(InstallState.ACTIVE, ((LoggedIn) accounts.register(legacy, token(phone), "ann@example.com", "Tr0ub4dor!",
                Map.of(), Map.of())).install().state());
    }

    @Test
    void registerWhenTheAddressIsTakenBetweenTheCheckAndTheCommitThenConflict() {
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);
        AnonymousInstall other = userlink.register(app, DeviceClass.PHONE);
        userlink.stores().beforeNextCommit(() -> register(other, "ann@example.com"));

        assertCode(ErrorCode.EMAIL_ALREADY_REGISTERED, () -> register(phone, "ann@example.com"));
    }

    @Test
    void registerOrSignInWhenTheInstallWasDeactivatedThenRefusedBeforeAnyPasswordIsChecked() {
        AnonymousInstall first = userlink.register(app, DeviceClass.PHONE);
        register(first, "ann@example.com");
        accounts.signIn(app, token(userlink.register(app, DeviceClass.PHONE)), "ann@example.com", PASSWORD);

        assertCode(ErrorCode.INSTALL_DEACTIVATED, () -> register(first, "bob@example.com"));
        try (PasswordDerivations derivations = PasswordDerivations.watch()) {
            for (int attempt = 1; attempt <= 6; attempt++) {
                assertCode(ErrorCode.INSTALL_DEACTIVATED, () -> accounts.signIn(app, token(first), "ann@example.com", "wrong"));
            }
            assertEquals(List.of(), derivations.iterations(), "no sign-in hashed the password");
        }
        assertTrue(accounts.signIn(app, token(userlink.register(app, DeviceClass.PHONE)), "ann@example.com", PASSWORD)
                .tokens().isPresent(), "the refused attempts were not counted against the address");
    }

    @Test
    void registerWhenTheAttributesTogetherExceedTheirSizeThenRefused() {
        assertCode(ErrorCode.INVALID_FIELD, () -> accounts.register(app, token(userlink.register(app, DeviceClass.PHONE)),
                "ann@example.com", PASSWORD, strings("a", 17), Map.of()));
    }

    @Test
    void signInWhenTheAddressIsNotOneThenTheSameRefusal() {
        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(userlink.register(app, DeviceClass.PHONE)),
                "not an address", PASSWORD));
    }

    @Test
    void signInWhenAnotherPhoneThenItBecomesActiveAndTheFirstIsDeactivated() {
        AnonymousInstall first = userlink.register(app, DeviceClass.PHONE);
        LoggedIn registered = register(first, "ann@example.com");
        AnonymousInstall second = userlink.register(app, DeviceClass.PHONE);

        LoggedIn signedIn = accounts.signIn(app, token(second), "ANN@example.com", PASSWORD);

        assertEquals(registered.user().userId(), signedIn.user().userId());
        assertEquals(InstallState.ACTIVE, signedIn.install().state());
        assertTrue(signedIn.tokens().isPresent());
        assertEquals(InstallState.DEACTIVATED, userlink.install(first.install().installId()).state());
        assertThrows(AuthenticationException.class, () -> userlink.components().installAccess()
                .ownInstall(userToken(registered), first.install().installId()), "the replaced session ends at once");
        assertEquals(HistoryEvent.SIGNED_IN, events(registered.user().userId()).get(2));
    }

    @Test
    void signInWhenATabletWhileAPhoneIsActiveThenLinkedInactiveWithoutTokens() {
        register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");

        LoggedIn tablet = accounts.signIn(app, token(userlink.register(app, DeviceClass.TABLET)), "ann@example.com", PASSWORD);

        assertEquals(InstallState.INACTIVE, tablet.install().state());
        assertEquals(Optional.of(InactiveReason.PHONE_PREFERRED), tablet.install().inactiveReason());
        assertEquals(Optional.empty(), tablet.tokens());
    }

    @Test
    void signInWhenTheEmailIsUnknownOrThePasswordWrongThenTheSameRefusalAndBothAreCounted() {
        register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall device = userlink.register(app, DeviceClass.PHONE);

        UserlinkException wrong = assertCode(ErrorCode.INVALID_LOGIN,
                () -> accounts.signIn(app, token(device), "ann@example.com", "not the password"));
        UserlinkException unknown = assertCode(ErrorCode.INVALID_LOGIN,
                () -> accounts.signIn(app, token(device), "bob@example.com", PASSWORD));

        assertEquals(wrong.detail(), unknown.detail());
        for (String email : List.of("ann@example.com", "bob@example.com")) {
            for (int failure = 2; failure <= 5; failure++) {
                assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), email, "not the password"));
            }
            assertCode(ErrorCode.TOO_MANY_FAILED_LOGINS, () -> accounts.signIn(app, token(device), email, PASSWORD));
        }
    }

    @Test
    void signInWhenTheEmailIsUnknownOrNotAnAddressThenTheHashOfAWrongPasswordIsPaidAllTheSame() {
        register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall device = userlink.register(app, DeviceClass.PHONE);

        try (PasswordDerivations derivations = PasswordDerivations.watch()) {
            for (String email : List.of("ann@example.com", "bob@example.com", "not an address")) {
                assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), email, "not the password"));
            }

            int cost = MemoryUserlink.PASSWORD_HASH_ITERATIONS;
            assertEquals(List.of(cost, cost, cost), derivations.iterations(),
                    "one hash at today's cost each, so the time of a refusal tells no address that has an account");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann@example.com", "bob@example.com"})
    void signInWhenTheCheckOfAWrongPasswordTakesTimeThenTheWaitItEarnsStartsWhenItIsRefused(String email) {
        register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall device = userlink.register(app, DeviceClass.PHONE);
        for (int failure = 1; failure <= 4; failure++) {
            assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), email, "not the password"));
        }

        try (PasswordDerivations derivations = PasswordDerivations.watch()) {
            derivations.duringNext(() -> userlink.clock().advance(Duration.ofSeconds(30)));
            assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), email, "not the password"));
        }

        RetryLaterException locked = (RetryLaterException) assertCode(ErrorCode.TOO_MANY_FAILED_LOGINS,
                () -> accounts.signIn(app, token(device), email, PASSWORD));
        assertEquals(Duration.ofSeconds(1), locked.retryAfter(), "the fifth failure's second, counted from its answer");
    }

    @Test
    void signInWhenTheInstallIsDeactivatedWhileThePasswordIsCheckedThenRefusedAndTheNewerPhoneStaysActive() {
        register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);
        AnonymousInstall newer = userlink.register(app, DeviceClass.PHONE);

        try (PasswordDerivations derivations = PasswordDerivations.watch()) {
            derivations.duringNext(() -> {
                accounts.signIn(app, token(phone), "ann@example.com", PASSWORD);
                accounts.signIn(app, token(newer), "ann@example.com", PASSWORD);
            });
            assertCode(ErrorCode.INSTALL_DEACTIVATED, () -> accounts.signIn(app, token(phone), "ann@example.com", PASSWORD));
        }

        assertEquals(InstallState.DEACTIVATED, userlink.install(phone.install().installId()).state());
        assertEquals(InstallState.ACTIVE, userlink.install(newer.install().installId()).state());
    }

    @Test
    void signInWhenASuccessFollowsFailuresThenTheCountStartsAgain() {
        register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall device = userlink.register(app, DeviceClass.TABLET);
        for (int failure = 1; failure <= 4; failure++) {
            assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(device), "ann@example.com", "nope"));
        }
        accounts.signIn(app, token(device), "ann@example.com", PASSWORD);

        for (int failure = 1; failure <= 4; failure++) {
            assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(userlink.register(app, DeviceClass.PHONE)),
                    "ann@example.com", "nope"));
        }
    }

    @Test
    void signInWhenAUserTokenThenInsufficientScope() {
        LoggedIn registered = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");

        assertCode(ErrorCode.INSUFFICIENT_SCOPE, () -> accounts.signIn(app, userToken(registered), "ann@example.com", PASSWORD));
    }

    @Test
    void signInWhenTheStoredHashIsCheaperThanTodaysThenItIsStoredAgainAtTodaysCost() {
        LoggedIn registered = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        Account stored = registered.account();
        String cheap = new PasswordHasher(10, new SecureRandom()).hash(Password.of(PASSWORD));
        userlink.stores().accounts().replace(stored.withPasswordHash(cheap, userlink.clock().instant()));

        accounts.signIn(app, token(userlink.register(app, DeviceClass.PHONE)), "ann@example.com", PASSWORD);

        String rehashed = userlink.stores().accounts().find(stored.userId()).orElseThrow().passwordHash();
        assertTrue(rehashed.startsWith("$pbkdf2-sha256$i=" + MemoryUserlink.PASSWORD_HASH_ITERATIONS + "$"), rehashed);
    }

    @Test
    void signOutThenTheInstallIsAnonymousWithNewTokensAndTheUserTokenIsDead() {
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);
        LoggedIn registered = register(phone, "ann@example.com");

        AnonymousInstall signedOut = accounts.signOut(app, userToken(registered), false);

        assertEquals(InstallState.ANONYMOUS, signedOut.install().state());
        assertEquals(phone.install().installId(), signedOut.install().installId());
        assertThrows(AuthenticationException.class, () -> userlink.components().installAccess()
                .ownInstall(userToken(registered), phone.install().installId()));
        assertThrows(GrantException.class, () -> userlink.components().refreshService()
                .refresh(registered.tokens().orElseThrow().refreshToken()));
        assertEquals(HistoryEvent.SIGNED_OUT, events(registered.user().userId()).getLast());
        assertEquals(Optional.empty(), userlink.components().tokenIntrospection().introspect(app,
                registered.tokens().orElseThrow().accessToken().value()));
    }

    @Test
    void signOutEverywhereThenEverySessionOfTheUserEnds() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall tabletInstall = userlink.register(app, DeviceClass.TABLET);
        accounts.signIn(app, token(tabletInstall), "ann@example.com", PASSWORD);

        accounts.signOut(app, userToken(phone), true);

        assertEquals(InstallState.ANONYMOUS, userlink.install(tabletInstall.install().installId()).state());
        assertEquals(List.of(), userlink.components().userDirectory().byId(app, phone.user().userId(), HistoryWindow.NEWEST).installs());
    }

    @Test
    void signOutEverywhereWhenAnInstallWasDeactivatedThenItStaysSoAndOnlyLiveSessionsEnd() {
        AnonymousInstall replaced = userlink.register(app, DeviceClass.PHONE);
        register(replaced, "ann@example.com");
        LoggedIn phone = accounts.signIn(app, token(userlink.register(app, DeviceClass.PHONE)), "ann@example.com", PASSWORD);
        AnonymousInstall tablet = userlink.register(app, DeviceClass.TABLET);
        accounts.signIn(app, token(tablet), "ann@example.com", PASSWORD);

        accounts.signOut(app, userToken(phone), true);

        assertEquals(InstallState.DEACTIVATED, userlink.install(replaced.install().installId()).state());
        assertEquals(InstallState.ANONYMOUS, userlink.install(tablet.install().installId()).state());
        assertEquals(InstallState.ANONYMOUS, userlink.install(phone.install().installId()).state());
    }

    @Test
    void changePasswordWhenManyActiveAndTheUsersActiveInstallIsAnotherThenTheUserKeepsNoneButThisOne() {
        App manyActive = userlink.app(userlink.app().settings().withDevicePolicy(io.userlink.app.DevicePolicy.MANY_ACTIVE));
        LoggedIn first = (LoggedIn) accounts.register(manyActive, token(userlink.register(manyActive, DeviceClass.PHONE)),
                "ann@example.com", PASSWORD, Map.of(), Map.of());
        LoggedIn latest = accounts.signIn(manyActive, token(userlink.register(manyActive, DeviceClass.PHONE)),
                "ann@example.com", PASSWORD);

        accounts.changePassword(manyActive, userToken(first), PASSWORD, "a brand new passphrase");

        assertEquals(InstallState.ANONYMOUS, userlink.install(latest.install().installId()).state());
        assertEquals(Optional.empty(), userlink.stores().identities().findUser(first.user().userId()).orElseThrow()
                .activeInstallId(), "the user item no longer names the ended install as active");
    }

    @Test
    void signOutEverywhereWhenMoreInstallsThanOneTransactionHoldsThenEveryOneEnds() {
        App manyActive = userlink.app(userlink.app().settings().withDevicePolicy(io.userlink.app.DevicePolicy.MANY_ACTIVE));
        LoggedIn first = (LoggedIn) accounts.register(manyActive, token(userlink.register(manyActive, DeviceClass.PHONE)),
                "ann@example.com", PASSWORD, Map.of(), Map.of());
        for (int install = 0; install < 30; install++) {
            accounts.signIn(manyActive, token(userlink.register(manyActive, DeviceClass.PHONE)), "ann@example.com", PASSWORD);
        }

        accounts.signOut(manyActive, userToken(first), true);

        assertEquals(List.of(), userlink.components().userDirectory().byId(manyActive, first.user().userId(), HistoryWindow.NEWEST).installs());
    }

    @Test
    void introspectWhenTheInstallWasDeactivatedThenInactiveForItsInstallTokenToo() {
        AnonymousInstall first = userlink.register(app, DeviceClass.PHONE);
        userlink.components().linkService().link(app, first.install().installId(), "customer-42");
        AnonymousInstall second = userlink.register(app, DeviceClass.PHONE);
        userlink.components().linkService().link(app, second.install().installId(), "customer-42");

        assertEquals(Optional.empty(), userlink.components().tokenIntrospection().introspect(app,
                first.tokens().accessToken().value()));
        assertTrue(userlink.components().tokenIntrospection().introspect(app, second.tokens().accessToken().value()).isPresent());
    }

    @Test
    void lookupByEmailFindsTheAccountsUser() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");

        assertEquals(phone.user().userId(), userlink.components().userDirectory()
                .byEmail(app, new EmailAddress("ann@example.com"), HistoryWindow.NEWEST).user().userId());
        assertCode(ErrorCode.USER_NOT_FOUND, () -> userlink.components().userDirectory()
                .byEmail(userlink.app(), new EmailAddress("ann@example.com"), HistoryWindow.NEWEST));
    }

    @Test
    void changePasswordThenOtherSessionsEndThisOneGoesOnAndOnlyTheNewPasswordSignsIn() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall tablet = userlink.register(app, DeviceClass.TABLET);
        accounts.signIn(app, token(tablet), "ann@example.com", PASSWORD);
        int wholeUserReads = userlink.identities().userRecordReads();

        accounts.changePassword(app, userToken(phone), PASSWORD, "a brand new passphrase");

        assertEquals(0, userlink.identities().userRecordReads() - wholeUserReads, "the history, however long, is not read");
        assertEquals(InstallState.ACTIVE, userlink.install(phone.install().installId()).state());
        assertEquals(Optional.of(phone.install().installId()), userlink.stores().identities().findUser(phone.user().userId())
                .orElseThrow().activeInstallId(), "the user's active install is still this one");
        assertEquals(phone.install().installId(), userlink.components().installAccess()
                .ownInstall(userToken(phone), phone.install().installId()).installId());
        assertEquals(InstallState.ANONYMOUS, userlink.install(tablet.install().installId()).state());
        AnonymousInstall next = userlink.register(app, DeviceClass.PHONE);
        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(next), "ann@example.com", PASSWORD));
        assertTrue(accounts.signIn(app, token(next), "ann@example.com", "a brand new passphrase").tokens().isPresent());
    }

    /** A change stopped while it ended the other sessions has changed nothing: the current password sends it again. */
    @Test
    void deleteAccountThenItsUserIsGoneEveryInstallEndedAndTheAddressFreeToRegisterAgain() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        LoggedIn tablet = accounts.signIn(app, token(userlink.register(app, DeviceClass.TABLET)), "ann@example.com", PASSWORD);

        accounts.deleteAccount(app, userToken(phone), PASSWORD);

        assertCode(ErrorCode.USER_NOT_FOUND, () -> userlink.components().userDirectory().byEmail(app,
                new EmailAddress("ann@example.com"), HistoryWindow.NEWEST));
        assertEquals(InstallState.DELETED, userlink.install(phone.install().installId()).state());
        assertEquals(InstallState.DELETED, userlink.install(tablet.install().installId()).state());
        assertEquals(Optional.empty(), userlink.stores().accounts().find(phone.user().userId()));
        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.signIn(app, token(userlink.register(app, DeviceClass.PHONE)),
                "ann@example.com", PASSWORD));
        LoggedIn again = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        assertNotEquals(phone.user().userId(), again.user().userId());
    }

    @Test
    void deleteAccountWhenThePasswordIsWrongThenNothingIsDeletedAndTheFailureCountsTowardTheLock() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");

        for (int failure = 0; failure < 5; failure++) {
            assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.deleteAccount(app, userToken(phone), "not the password"));
        }

        assertCode(ErrorCode.TOO_MANY_FAILED_LOGINS, () -> accounts.deleteAccount(app, userToken(phone), PASSWORD));
        assertEquals(InstallState.ACTIVE, userlink.install(phone.install().installId()).state());
        assertEquals(phone.user().userId(), userlink.components().userDirectory().byEmail(app,
                new EmailAddress("ann@example.com"), HistoryWindow.NEWEST).user().userId());
    }

    @Test
    void deleteAccountWhenTheTokenIsAnInstallsOrTheUserHasNoAccountThenRefusedAndNothingIsDeleted() {
        AnonymousInstall anonymous = userlink.register(app, DeviceClass.PHONE);

        assertCode(ErrorCode.INSUFFICIENT_SCOPE, () -> accounts.deleteAccount(app, token(anonymous), PASSWORD));

        AccessToken userToken = userlink.verified(userlink.components().authCodeService().redeem(app, token(anonymous),
                userlink.components().authCodeService().issue(app, "customer-7").code()).tokens().orElseThrow()
                .accessToken().value());
        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, () -> accounts.deleteAccount(app, userToken, PASSWORD));
        assertEquals(InstallState.ACTIVE, userlink.install(anonymous.install().installId()).state());
    }

    @Test
    void changePasswordWhenStoppedWhileEndingTheOtherSessionsThenSendingItAgainFinishesIt() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall tablet = userlink.register(app, DeviceClass.TABLET);
        accounts.signIn(app, token(tablet), "ann@example.com", PASSWORD);
        userlink.identities().stoppingAtCommit(1);
        assertThrows(StoppingIdentityStore.Stopped.class,
                () -> accounts.changePassword(app, userToken(phone), PASSWORD, "a brand new passphrase"));

        accounts.changePassword(app, userToken(phone), PASSWORD, "a brand new passphrase");

        assertEquals(InstallState.ANONYMOUS, userlink.install(tablet.install().installId()).state());
        assertEquals(InstallState.ACTIVE, userlink.install(phone.install().installId()).state());
        AnonymousInstall next = userlink.register(app, DeviceClass.PHONE);
        assertTrue(accounts.signIn(app, token(next), "ann@example.com", "a brand new passphrase").tokens().isPresent());
    }

    @Test
    void changePasswordWhenSomeoneSignsInWithTheOldPasswordJustBeforeTheChangeThenThatSessionEndsToo() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        AnonymousInstall tablet = userlink.register(app, DeviceClass.TABLET);
        userlink.stores().beforeNextCommit(() -> accounts.signIn(app, token(tablet), "ann@example.com", PASSWORD));

        accounts.changePassword(app, userToken(phone), PASSWORD, "a brand new passphrase");

        assertEquals(InstallState.ANONYMOUS, userlink.install(tablet.install().installId()).state());
        assertEquals(InstallState.ACTIVE, userlink.install(phone.install().installId()).state());
    }

    @Test
    void changePasswordWhenTheCurrentOneIsWrongOrTheNewOneBreaksThePolicyThenNothingChanges() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");

        assertCode(ErrorCode.INVALID_LOGIN, () -> accounts.changePassword(app, userToken(phone), "wrong", "a brand new passphrase"));
        assertCode(ErrorCode.PASSWORD_POLICY, () -> accounts.changePassword(app, userToken(phone), PASSWORD, "qwerty123"));
        assertEquals(phone.account().passwordHash(), accounts.account(userToken(phone)).passwordHash());
    }

    @Test
    void updateMergesThePatchAndRefusesAStaleVersion() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        Map<String, Object> patch = new java.util.HashMap<>();
        patch.put("name", null);
        patch.put("city", "Oslo");

        Account updated = accounts.update(userToken(phone), Optional.of(patch), Optional.of(Map.of("terms", true)),
                Optional.of(1L));

        assertEquals(Map.of("city", "Oslo"), updated.attributes());
        assertEquals(Map.of("terms", true), updated.agreements());
        assertEquals(2, updated.version());
        assertCode(ErrorCode.PRECONDITION_FAILED, () -> accounts.update(userToken(phone), Optional.of(Map.of("a", 1)),
                Optional.empty(), Optional.of(1L)));
        assertCode(ErrorCode.INVALID_FIELD, () -> accounts.update(userToken(phone), Optional.of(Map.of("a", List.of())),
                Optional.empty(), Optional.empty()));
        // Each patch is small; the merged account is not.
        accounts.update(userToken(phone), Optional.of(strings("a", 10)), Optional.empty(), Optional.empty());
        assertCode(ErrorCode.INVALID_FIELD, () -> accounts.update(userToken(phone), Optional.of(strings("b", 7)),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void accountWhenTheUserHasAnExternalIdThenNotFound() {
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);
        AccessToken userToken = userlink.verified(userlink.components().authCodeService().redeem(app, token(phone),
                userlink.components().authCodeService().issue(app, "customer-42").code()).tokens().orElseThrow()
                .accessToken().value());

        assertCode(ErrorCode.ACCOUNT_NOT_FOUND, () -> accounts.account(userToken));
    }

    @Test
    void deletingTheUserRemovesTheAccountAndFreesTheEmail() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");

        userlink.components().userDeletion().delete(app, phone.user().userId());

        assertEquals(Optional.empty(), userlink.stores().accounts().find(phone.user().userId()));
        LoggedIn again = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        assertFalse(again.user().userId().equals(phone.user().userId()));
    }

    @Test
    void introspectWhenTheSessionGoesOnThenActiveWithItsClaims() {
        LoggedIn phone = register(userlink.register(app, DeviceClass.PHONE), "ann@example.com");
        String accessToken = phone.tokens().orElseThrow().accessToken().value();

        assertEquals(phone.user().userId(), userlink.components().tokenIntrospection().introspect(app, accessToken)
                .orElseThrow().subject());
        assertEquals(Optional.empty(), userlink.components().tokenIntrospection().introspect(userlink.app(), accessToken),
                "another app's backend learns nothing");
        assertEquals(Optional.empty(), userlink.components().tokenIntrospection().introspect(app, "not a token"));
    }

    private static Map<String, Object> strings(String prefix, int count) {
        Map<String, Object> strings = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            strings.put(prefix + i, "x".repeat(1000));
        }
        return strings;
    }

    private LoggedIn register(AnonymousInstall install, String email) {
        return (LoggedIn) accounts.register(app, token(install), email, PASSWORD, Map.of("name", "Ann"), Map.of());
    }

    private AccessToken token(AnonymousInstall install) {
        return userlink.verified(install.tokens().accessToken().value());
    }

    private AccessToken userToken(LoggedIn loggedIn) {
        return userlink.verified(loggedIn.tokens().orElseThrow().accessToken().value());
    }

    private List<HistoryEvent> events(String userId) {
        return userlink.components().userDirectory().byId(app, userId, HistoryWindow.NEWEST).history().stream().map(entry -> entry.event()).toList();
    }
}
