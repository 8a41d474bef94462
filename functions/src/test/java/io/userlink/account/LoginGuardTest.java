package io.userlink.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.app.App;
import io.userlink.error.ErrorCode;
import io.userlink.error.RetryLaterException;
import io.userlink.support.MemoryUserlink;
import io.userlink.user.EmailAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Slowing password guessing per email address (README, "Accounts"). */
class LoginGuardTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final LoginGuard guard = new LoginGuard(userlink.stores().loginAttempts(), userlink.clock());
    private final App app = userlink.app();
    private final EmailAddress email = new EmailAddress("ann@example.com");

    @Test
    void attemptWhenFourFailuresThenTheFifthGoesOnAndOnlyThenTheNextWaitsOneSecond() {
        for (int failure = 1; failure <= 5; failure++) {
            assertDoesNotThrow(() -> guard.attempt(app, email));
        }

        RetryLaterException locked = assertThrows(RetryLaterException.class, () -> guard.attempt(app, email));
        assertEquals(ErrorCode.TOO_MANY_FAILED_LOGINS, locked.code());
        assertEquals(Duration.ofSeconds(1), locked.retryAfter());
        userlink.clock().advance(Duration.ofSeconds(1));
        assertDoesNotThrow(() -> guard.attempt(app, email));
        assertEquals(Duration.ofSeconds(2), assertThrows(RetryLaterException.class, () -> guard.attempt(app, email)).retryAfter());
    }

    @Test
    void failedThenTheWaitStartsWhenTheFailureIsKnownNotWhenTheAttemptBegan() {
        LoginGuard.Attempt fifth = null;
        for (int failure = 1; failure <= 5; failure++) {
            fifth = guard.attempt(app, email);
        }
        userlink.clock().advance(Duration.ofMillis(800));
        guard.failed(app, fifth);
        userlink.clock().advance(Duration.ofMillis(700));

        assertThrows(RetryLaterException.class, () -> guard.attempt(app, email),
                "1.5 s after the attempt began, 0.7 s after its failure");
        userlink.clock().advance(Duration.ofMillis(300));
        assertDoesNotThrow(() -> guard.attempt(app, email));
    }

    /**
     * An account kept under its address's IDNA spelling (registered before addresses' domains were read as Unicode)
     * is signed in to in Unicode and changes its password, or is reset, under the stored spelling: one count.
     */
    @Test
    void attemptOrUnlockWhenTheAddressIsInItsFormerSpellingThenTheCountOfItsUnicodeForm() {
        EmailAddress stored = new EmailAddress("bea@xn--mller-kva.de");
        EmailAddress signedInWith = EmailAddress.parse("bea@müller.de").orElseThrow();
        for (int failure = 1; failure <= 5; failure++) {
            guard.attempt(app, failure % 2 == 0 ? stored : signedInWith);
        }

        assertEquals(ErrorCode.TOO_MANY_FAILED_LOGINS,
                assertThrows(RetryLaterException.class, () -> guard.attempt(app, stored)).code());
        guard.unlock(app, stored);
        assertEquals(1, guard.attempt(app, signedInWith).failures());
    }

    @Test
    void waitDoublesFromOneSecondAndStopsAtFifteenMinutes() {
        assertEquals(Duration.ofSeconds(1), LoginGuard.wait(5));
        assertEquals(Duration.ofSeconds(2), LoginGuard.wait(6));
        assertEquals(Duration.ofSeconds(512), LoginGuard.wait(14));
        assertEquals(Duration.ofMinutes(15), LoginGuard.wait(15));
        assertEquals(Duration.ofMinutes(15), LoginGuard.wait(99));
    }

    @Test
    void attemptWhenASuccessClearedTheCountThenFiveMoreGoOn() {
        LoginGuard.Attempt last = null;
        for (int failure = 1; failure <= 5; failure++) {
            last = guard.attempt(app, email);
        }
        guard.succeeded(app, last);

        for (int failure = 1; failure <= 5; failure++) {
            assertDoesNotThrow(() -> guard.attempt(app, email));
        }
    }

    @Test
    void attemptWhenAHundredFailuresPassedThenLockedForGoodHoweverLongOneWaits() {
        for (int failure = 1; failure <= 100; failure++) {
            assertDoesNotThrow(() -> guard.attempt(app, email), "attempt " + failure);
            userlink.clock().advance(Duration.ofMinutes(15));
        }
        userlink.clock().advance(Duration.ofDays(29));

        RetryLaterException locked = assertThrows(RetryLaterException.class, () -> guard.attempt(app, email));
        assertEquals(ErrorCode.TOO_MANY_FAILED_LOGINS, locked.code());
    }

    @Test
    void attemptWhenThirtyDaysPassedWithoutAnAttemptThenTheCountIsForgotten() {
        for (int failure = 1; failure <= 5; failure++) {
            guard.attempt(app, email);
        }
        userlink.clock().advance(LoginGuard.FORGET_AFTER);

        for (int failure = 1; failure <= 5; failure++) {
            assertDoesNotThrow(() -> guard.attempt(app, email), "attempt " + failure + " of a fresh count");
        }
    }

    @Test
    void attemptWhenTheHundredthFailurePassedThenTheLockOutlivesTheThirtyDaysACountIsKept() {
        for (int failure = 1; failure <= 100; failure++) {
            guard.attempt(app, email);
            userlink.clock().advance(Duration.ofMinutes(15));
        }
        userlink.clock().advance(LoginGuard.FORGET_AFTER.multipliedBy(12));

        assertThrows(RetryLaterException.class, () -> guard.attempt(app, email));
    }

    @Test
    void unlockWhenLockedForGoodThenTheAddressMayTryAgain() {
        for (int failure = 1; failure <= 100; failure++) {
            guard.attempt(app, email);
            userlink.clock().advance(Duration.ofMinutes(15));
        }

        guard.unlock(app, email);

        assertDoesNotThrow(() -> guard.attempt(app, email));
    }

    @Test
    void attemptCountsEachAddressApart() {
        for (int failure = 1; failure <= 5; failure++) {
            guard.attempt(app, email);
        }

        assertDoesNotThrow(() -> guard.attempt(app, new EmailAddress("bob@example.com")));
        assertDoesNotThrow(() -> guard.attempt(userlink.app(), email), "another app");
    }
}
