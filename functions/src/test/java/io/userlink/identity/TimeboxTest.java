package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.support.SimulatedTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeboxTest {

    private static final Duration BOX = Duration.ofMillis(200);

    private final SimulatedTime time = new SimulatedTime();
    private final Timebox timebox = new Timebox(BOX, time);

    @Test
    void aShortOperationAnswersWhenTheBoxEndsWithItsOwnAnswer() {
        Duration start = time.now();

        String answer = timebox.run(() -> {
            time.advance(Duration.ofMillis(30));
            return "done";
        });

        assertEquals("done", answer);
        assertEquals(BOX, time.now().minus(start), "a 30 ms operation waits out the rest of the box");
        assertEquals(List.of(170L), time.sleeps());
    }

    @Test
    void operationsOfDifferentLengthsWithinTheBoxTakeTheBoxWithinAMillisecond() {
        for (Duration work : List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofMillis(12), Duration.ofNanos(199_999_999))) {
            Duration start = time.now();

            timebox.run(() -> time.advance(work));

            Duration took = time.now().minus(start);
            assertTrue(took.compareTo(BOX) >= 0 && took.compareTo(BOX.plusMillis(1)) < 0,
                    "an operation of " + work + " waits to the box, in whole milliseconds: " + took);
        }
    }

    @Test
    void anOperationOfExactlyTheBoxAnswersWithoutWaiting() {
        timebox.run(() -> time.advance(BOX));

        assertEquals(List.of(), time.sleeps(), "not even a sleep of nothing");
    }

    @Test
    void anOperationLongerThanTheBoxAnswersWhenItEnds() {
        Duration start = time.now();

        timebox.run(() -> time.advance(Duration.ofMillis(450)));

        assertEquals(Duration.ofMillis(450), time.now().minus(start));
        assertEquals(List.of(), time.sleeps(), "nothing more to wait");
    }

    @Test
    void aFailingOperationFailsWhenTheBoxEndsWithItsOwnException() {
        IllegalStateException failure = new IllegalStateException("refused");
        Duration start = time.now();

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> timebox.run(() -> {
            time.advance(Duration.ofMillis(5));
            throw failure;
        }));

        assertSame(failure, thrown);
        assertEquals(BOX, time.now().minus(start), "a refusal is no quicker than an answer");
    }

    @Test
    void anInterruptedWaitAnswersAtOnceAndTheThreadStaysInterrupted() {
        time.interruptSleeps();
        try {
            assertEquals("done", timebox.run(() -> "done"));

            assertTrue(Thread.currentThread().isInterrupted(), "the interruption is passed on");
        } finally {
            Thread.interrupted();
        }
    }
}
