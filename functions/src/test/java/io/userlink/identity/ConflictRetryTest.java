package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.error.RetryLaterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {

    /** A random source that never pauses and remembers the bounds it was asked for. */
    private static final class RecordingRandom implements RandomGenerator {
        final List<Long> bounds = new ArrayList<>();

        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            bounds.add(bound);
            return 0;
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
    void aRaceStillLostAfterTheBudgetIsA503WithRetryAfter() {
        ConflictRetry retry = new ConflictRetry(Duration.ZERO, RecordingRandom::new);

        RetryLaterException unavailable = assertThrows(RetryLaterException.class,
                () -> retry.run(() -> {
                    throw new ConcurrentChangeException("lost");
                }));

        assertEquals(Duration.ofSeconds(1), unavailable.retryAfter());
    }
}
