package io.userlink.account;

import io.userlink.account.LoginAttempts.Allowed;
import io.userlink.account.LoginAttempts.Locked;
import io.userlink.app.App;
import io.userlink.error.ErrorCode;
import io.userlink.error.RetryLaterException;
import io.userlink.user.EmailAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Slows password guessing per email address (OWASP ASVS 5.0 V6.3, NIST SP 800-63B §5.2.2): after
 * {@value #FREE_FAILURES} consecutive failures, each further attempt waits 2^(n-5) s after the n-th failure,
 * at most {@link #LONGEST_WAIT}; after {@value #MAX_FAILURES} the address is locked for good (until its
 * password is reset). Unknown addresses are counted alike, so a lock tells nothing about whether an account
 * exists. The count is kept under the address's {@link EmailAddress#canonical} form, so that a sign-in, a password
 * change and a reset of an account whose address was kept in an older spelling count and unlock one count.
 */
public final class LoginGuard {

    static final int FREE_FAILURES = 5;
    static final int MAX_FAILURES = 100;
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
    /** A count with no attempt for this long is forgotten, unless it reached the cap. */
    static final Duration FORGET_AFTER = Duration.ofDays(30);

    private final LoginAttempts attempts;
    private final InstantSource clock;

    public LoginGuard(LoginAttempts attempts, InstantSource clock) {
        this.attempts = Objects.requireNonNull(attempts);
        this.clock = Objects.requireNonNull(clock);
    }

    /** An attempt under way: the {@code failures}-th consecutive one if it fails. */
    public record Attempt(EmailAddress email, int failures) {

        /** Whether this attempt, if it fails, locks its address until the password is reset. */
        public boolean locksWhenFailed() {
            return failures >= MAX_FAILURES;
        }

        /** Whether this attempt, if it fails, is the first after which each attempt waits. */
        public boolean firstToWaitWhenFailed() {
            return failures == FREE_FAILURES;
        }
    }

    /**
     * Counts an attempt on {@code typedOrStored} as failed until {@link #succeeded} says otherwise, and locks parallel
     * attempts for as long as this one would earn if it fails.
     *
     * @throws RetryLaterException {@link ErrorCode#TOO_MANY_FAILED_LOGINS} while locked
     */
    public Attempt attempt(App app, EmailAddress typedOrStored) {
        EmailAddress email = typedOrStored.canonical();
        Instant now = clock.instant();
        LoginAttempts.Reservation reservation = attempts.reserve(app.appId(), email, now, MAX_FAILURES,
                now.plus(FORGET_AFTER));
        switch (reservation) {
            case Locked locked when locked.permanent() -> throw new RetryLaterException(ErrorCode.TOO_MANY_FAILED_LOGINS,
                    "Too many failed logins for this email address; it stays locked until its password is reset.",
                    LONGEST_WAIT);
            case Locked locked -> throw new RetryLaterException(ErrorCode.TOO_MANY_FAILED_LOGINS,
                    "Too many failed logins for this email address; retry later.",
                    Duration.between(now, locked.until()).plusMillis(999).truncatedTo(ChronoUnit.SECONDS));
            case Allowed allowed -> lockAfter(app, new Attempt(email, allowed.failures()), now);
        }
        return new Attempt(email, ((Allowed) reservation).failures());
    }

    /** The password was wrong: the wait it earned starts now, when the caller learns of it. */
    public void failed(App app, Attempt attempt) {
        lockAfter(app, attempt, clock.instant());
    }

    /** The password was right: the count starts again. */
    public void succeeded(App app, Attempt attempt) {
        attempts.clear(app.appId(), attempt.email());
    }

    /** An operator lifts the lock of {@code email} (support, after checking who asks): the count starts again. */
    public void unlock(App app, EmailAddress email) {
        attempts.clear(app.appId(), email.canonical());
    }

    private void lockAfter(App app, Attempt attempt, Instant from) {
        if (attempt.locksWhenFailed()) {
            attempts.lock(app.appId(), attempt.email(), from.plus(LONGEST_WAIT), true);
        } else if (attempt.failures() >= FREE_FAILURES) {
            attempts.lock(app.appId(), attempt.email(), from.plus(wait(attempt.failures())), false);
        }
    }

    /** How long attempts wait after the {@code failures}-th consecutive failure: 2^(n-5) s, at most 15 min. */
    static Duration wait(int failures) {
        // 2^10 s is past the longest wait already; the shift stays far from overflowing.
        int exponent = Math.min(failures - FREE_FAILURES, 10);
        return Duration.ofSeconds(Math.min(1L << exponent, LONGEST_WAIT.toSeconds()));
    }
}
