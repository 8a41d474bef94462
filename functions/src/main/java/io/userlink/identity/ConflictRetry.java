package io.userlink.identity;

import io.userlink.error.RetryLaterException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs an operation again from its reads when its transition lost a race, so every caller in a race gets its
 * normal answer. Attempts back off with full jitter (capped at {@value #MAX_PAUSE_MS} ms) for up to a time
 * budget; a race still lost then is a 503 with {@code Retry-After}, never a 500.
 *
 * <p>The jitter comes from the random source of the moment, not {@code ThreadLocalRandom}: after a SnapStart
 * restore every environment would share a thread's pre-snapshot state and retry in step.
 */
public final class ConflictRetry {

    private static final long FIRST_PAUSE_MS = 5;
    private static final long MAX_PAUSE_MS = 400;

    private final Duration budget;
    private final Supplier<? extends RandomGenerator> random;
    private final Waiting waiting;

    public ConflictRetry(Duration budget, Supplier<? extends RandomGenerator> random) {
        this(budget, random, Waiting.WALL);
    }

    ConflictRetry(Duration budget, Supplier<? extends RandomGenerator> random, Waiting waiting) {
        this.budget = Objects.requireNonNull(budget);
        this.random = Objects.requireNonNull(random);
        this.waiting = Objects.requireNonNull(waiting);
    }

    public <T> T run(Supplier<T> operation) {
        long deadline = waiting.nanoTime() + budget.toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                return operation.get();
            } catch (ConcurrentChangeException e) {
                if (waiting.nanoTime() > deadline) {
                    throw RetryLaterException.unavailable("Too many concurrent changes to this user; retry shortly.",
                            Duration.ofSeconds(1), "a concurrent change outlasted " + (attempt + 1)
                                    + " attempts and the retry budget of " + budget.toMillis() + " ms");
                }
                pause(attempt);
            }
        }
    }

    private void pause(int attempt) {
        long ceiling = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS << Math.min(attempt, 10));
        try {
            waiting.sleep(random.get().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RetryLaterException.unavailable("Interrupted while retrying; retry shortly.", Duration.ofSeconds(1),
                    "interrupted while waiting to retry a concurrent change");
        }
    }
}
