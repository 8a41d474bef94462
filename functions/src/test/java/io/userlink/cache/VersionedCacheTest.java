package io.userlink.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VersionedCacheTest {

    private final MutableClock clock = MutableClock.atNow();
    private final VersionedCache<String, Long> cache = new VersionedCache<>(Duration.ofSeconds(60), clock, v -> v);
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void getWhenFiftyThreadsMissAtOnceThenLoadsOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return cache.get("app", 1, key -> slowLoad(1L));
            }));
        }
        start.countDown();
        for (Future<Long> result : results) {
            assertEquals(1L, result.get());
        }
        pool.shutdownNow();

        assertEquals(1, loads.get());
    }

    @Test
    void getWhenTimeToLivePassedThenLoadsAgain() {
        cache.get("app", 1, key -> load(1L));
        clock.advance(Duration.ofSeconds(59));
        cache.get("app", 1, key -> load(1L));
        assertEquals(1, loads.get());

        clock.advance(Duration.ofSeconds(1));
        cache.get("app", 1, key -> load(1L));

        assertEquals(2, loads.get());
    }

    @Test
    void getWhenNewerVersionAskedThenLoadsAgain() {
        cache.get("app", 1, key -> load(1L));

        long value = cache.get("app", 2, key -> load(2L));

        assertEquals(2L, value);
        assertEquals(2, loads.get());
    }

    @Test
    void getWhenLoadFailsThenNothingIsCachedAndTheNextCallLoads() {
        assertThrows(IllegalStateException.class, () -> cache.get("app", 1, key -> {
            throw new IllegalStateException("Secrets Manager down");
        }));

        assertEquals(7L, cache.get("app", 1, key -> load(7L)));
    }

    private long load(long value) {
        loads.incrementAndGet();
        return value;
    }

    private long slowLoad(long value) {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return load(value);
    }
}
