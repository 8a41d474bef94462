package io.userlink.identity;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Makes an operation take at least a fixed time, so that how long it took tells nothing its answer does not: the
 * account-mail requests answer alike for a known and an unknown address, but a known one costs more AWS calls (reading
 * the account, writing a link and its mail), which an attacker could time, over many requests, to learn who has an
 * account (the OWASP Forgot Password Cheat Sheet asks for answers "in a consistent amount of time"; Laravel's
 * {@code Timebox} does the same). An operation that takes longer than the box answers when it ends: the box hides the
 * usual spread of AWS latency, not a throttled call's retries.
 */
public final class Timebox {

    /**
     * What a deployment boxes to: well above the few DynamoDB calls (a read or two and one transaction, tens of
     * milliseconds even at their slowest percentiles) that tell a known address from an unknown one, and short enough
     * that the person who asked does not notice it.
     */
    public static final Duration ACCOUNT_MAIL_REQUESTS = Duration.ofMillis(200);

    private final Duration minimum;
    private final Waiting waiting;

    public Timebox(Duration minimum) {
        this(minimum, Waiting.WALL);
    }

    public Timebox(Duration minimum, Waiting waiting) {
        this.minimum = Objects.requireNonNull(minimum);
        this.waiting = Objects.requireNonNull(waiting);
    }

    /** Runs {@code operation}, then waits until {@link #minimum} has passed since it began, whether it answered or threw. */
    public <T> T run(Supplier<T> operation) {
        long end = waiting.nanoTime() + minimum.toNanos();
        try {
            return operation.get();
        } finally {
            waitUntil(end);
        }
    }

    public void run(Runnable operation) {
        run(() -> {
            operation.run();
            return null;
        });
    }

    private void waitUntil(long end) {
        long remaining = end - waiting.nanoTime();
        if (remaining <= 0) {
            return;
        }
        try {
            // Rounded up: a box a fraction of a millisecond short would still tell the two paths apart on average.
            waiting.sleep(TimeUnit.NANOSECONDS.toMillis(remaining + TimeUnit.MILLISECONDS.toNanos(1) - 1));
        } catch (InterruptedException e) {
            // The request is being stopped: answer now, and let whoever interrupted see it.
            Thread.currentThread().interrupt();
        }
    }
}
