package io.userlink.account;

import io.userlink.user.EmailAddress;
import java.time.Instant;

/**
 * The failed logins counted per email address of an app, registered or not. Every attempt is counted as a
 * failure before the password is checked, with one conditional write, so parallel guesses are all counted
 * and none slips past a lock; a success clears the count.
 */
public interface LoginAttempts {

    /** The outcome of {@link #reserve}. */
    sealed interface Reservation {}

    /** The attempt may go on; {@code failures} counts it. */
    record Allowed(int failures) implements Reservation {}

    /** Refused: locked until {@code until}, or for good once the count reached the cap ({@code permanent}). */
    record Locked(Instant until, boolean permanent) implements Reservation {}

    /**
     * Counts one more failure, unless a lock holds at {@code now} or the count already reached {@code cap}.
     *
     * @param forgetAt when the count may be forgotten if nothing follows (DynamoDB TTL)
     */
    Reservation reserve(String appId, EmailAddress email, Instant now, int cap, Instant forgetAt);

    /**
     * Locks further attempts until {@code until} (a later lock stays); a {@code permanent} lock is never
     * forgotten.
     */
    void lock(String appId, EmailAddress email, Instant until, boolean permanent);

    /** Forgets the count: the password was right. */
    void clear(String appId, EmailAddress email);
}
