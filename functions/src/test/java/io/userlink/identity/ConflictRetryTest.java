package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.error.RetryLaterException;
import io.userlink.support.SimulatedTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {

    private static final int ATTEMPTS_NO_BUDGET_HERE_ALLOWS = 100;

    /** A random source that remembers the bounds it was asked for and draws no pause, or the longest. */
    private static final class RecordingRandom implements RandomGenerator {
        final List<Long> bounds = new ArrayList<>();
        private final boolean longest;

        RecordingRandom() {
            this(false);
        }

        private RecordingRandom(boolean longest) {
            this.longest = longest;
        }

        static RecordingRandom drawingTheLongestPause() {
            return new RecordingRandom(true);
        }

        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            bounds.add(bound);
            return longest ? bound - 1 : 0;
        }
    }

    @Test
    void lostRacesAreRetriedUntilTheOperationSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        ConflictRetry retry = new ConflictRetry(Duration.ofSeconds(5), RecordingRandom::new);

        String result = retry.run(() -> {
            if (attempts.incrementAndGet() < 4) {
                throw new ConcurrentChangeException("lost");
            }
            return "done";
        });

        assertEquals("done", result);
        assertEquals(4, attempts.get());
    }

    @Test
    void pausesGrowAndDrawFromTheSourceOfTheMomentSoARestoredSnapshotDoesNotRetryInStep() {
        RecordingRandom beforeRestore = new RecordingRandom();
        RecordingRandom afterRestore = new RecordingRandom();
        AtomicReference<RecordingRandom> current = new AtomicReference<>(beforeRestore);
        ConflictRetry retry = new ConflictRetry(Duration.ofSeconds(5), current::get);
        AtomicInteger attempts = new AtomicInteger();

        retry.run(() -> {
            if (attempts.incrementAndGet() == 2) {
                current.set(afterRestore);
            }
            if (attempts.get() < 4) {
                throw new ConcurrentChangeException("lost");
            }
            return "done";
        });

        assertEquals(List.of(6L), beforeRestore.bounds, "full jitter below the first pause of 5 ms");
        assertEquals(List.of(11L, 21L), afterRestore.bounds, "the ceiling doubles per attempt");
    }

    @Test
    void lostRacesWaitTheDrawnPauseBeforeEachAttemptUntilTheBudgetHasPassedThenA503() {
        SimulatedTime time = new SimulatedTime();
        ConflictRetry retry = new ConflictRetry(Duration.ofMillis(100), RecordingRandom::drawingTheLongestPause, time);
        AtomicInteger attempts = new AtomicInteger();

        RetryLaterException unavailable = assertThrows(RetryLaterException.class, () -> retry.run(alwaysLost(attempts)));

        assertEquals(List.of(5L, 10L, 20L, 40L, 80L), time.sleeps(), "a pause before every retry, doubling");
        assertEquals(6, attempts.get(), "the attempt after 155 ms of pauses is the last: the budget was 100 ms");
        assertEquals("a concurrent change outlasted 6 attempts and the retry budget of 100 ms", unavailable.reason(),
                "what the log tells the person on call");
        assertEquals("Too many concurrent changes to this user; retry shortly.", unavailable.detail());
    }

    @Test
    void aPauseInterruptedThenA503AndTheThreadStaysInterrupted() {
        SimulatedTime time = new SimulatedTime();
        time.interruptSleeps();
        ConflictRetry retry = new ConflictRetry(Duration.ofSeconds(5), RecordingRandom::drawingTheLongestPause, time);

        try {
            RetryLaterException unavailable = assertThrows(RetryLaterException.class,
                    () -> retry.run(alwaysLost(new AtomicInteger())));

            assertEquals(Duration.ofSeconds(1), unavailable.retryAfter());
            assertTrue(Thread.currentThread().isInterrupted(), "the interruption is passed on");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aRaceStillLostAfterTheBudgetIsA503WithRetryAfter() {
        ConflictRetry retry = new ConflictRetry(Duration.ZERO, RecordingRandom::new);
        AtomicInteger attempts = new AtomicInteger();

        RetryLaterException unavailable = assertThrows(RetryLaterException.class, () -> retry.run(alwaysLost(attempts)));

        assertEquals(Duration.ofSeconds(1), unavailable.retryAfter());
        assertTrue(attempts.get() <= 2, "the budget was spent by the first attempt: " + attempts.get());
    }

    /**
     * An operation that loses every race, and fails the test past {@value #ATTEMPTS_NO_BUDGET_HERE_ALLOWS} attempts:
     * a retry that never ends fails at once rather than running until mutation testing's time limit.
     */
    private static Supplier<String> alwaysLost(AtomicInteger attempts) {
        return () -> {
            if (attempts.incrementAndGet() > ATTEMPTS_NO_BUDGET_HERE_ALLOWS) {
                throw new AssertionError("retried " + ATTEMPTS_NO_BUDGET_HERE_ALLOWS + " times: past any budget");
            }
            throw new ConcurrentChangeException("lost");
        };
    }
}
