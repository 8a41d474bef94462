package io.userlink.support;

import io.userlink.identity.Waiting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Wall time for tests: it moves only when something sleeps, by as long as it sleeps, and, as an SDK interceptor, by a
 * fixed latency per AWS call, as a deployment's calls take time. So a test can tell how long an operation took
 * without waiting for it.
 */
public final class SimulatedTime implements Waiting, ExecutionInterceptor {

    private final long latencyNanos;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Long> sleeps = new ArrayList<>();
    private volatile boolean interruptingSleeps;

    /** Time that only sleeping moves. */
    public SimulatedTime() {
        this(Duration.ZERO);
    }

    /** @param latency how far each AWS call of a client this intercepts moves the time */
    public SimulatedTime(Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        nanos.addAndGet(latencyNanos);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        if (interruptingSleeps) {
            throw new InterruptedException();
        }
        synchronized (sleeps) {
            sleeps.add(millis);
        }
        nanos.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    /** The time now, as a duration since an arbitrary origin: subtract two readings. */
    public Duration now() {
        return Duration.ofNanos(nanos.get());
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** What was slept, in milliseconds, in order. */
    public List<Long> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    /** Makes every sleep from now on throw {@link InterruptedException}, as a sleep of an interrupted thread does. */
    public void interruptSleeps() {
        interruptingSleeps = true;
    }
}
