package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void getThenBuildsOnceAndKeepsTheValue() {
        Lazy<Object> lazy = new Lazy<>();
        AtomicInteger builds = new AtomicInteger();

        Object first = lazy.get(() -> {
            builds.incrementAndGet();
            return new Object();
        });
        Object second = lazy.get(() -> {
            builds.incrementAndGet();
            return new Object();
        });

        assertSame(first, second);
        assertEquals(1, builds.get());
    }

    @Test
    void getWhenManyThreadsAskAtOnceThenAllGetTheOneValueBuiltOnce() throws Exception {
        Lazy<Object> lazy = new Lazy<>();
        AtomicInteger builds = new AtomicInteger();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> values = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                values.add(pool.submit(() -> {
                    start.await();
                    return lazy.get(() -> {
                        builds.incrementAndGet();
                        return new Object();
                    });
                }));
            }
            start.countDown();
            Object first = values.getFirst().get();
            for (Future<Object> value : values) {
                assertSame(first, value.get());
            }
        }
        assertEquals(1, builds.get());
    }

    @Test
    void getWhenTheBuildFailsThenTheNextCallBuildsAgain() {
        Lazy<Object> lazy = new Lazy<>();
        Object built = new Object();

        assertThrows(IllegalStateException.class, () -> lazy.get(() -> {
            throw new IllegalStateException("no region");
        }));

        assertSame(built, lazy.get(() -> built));
    }
}
