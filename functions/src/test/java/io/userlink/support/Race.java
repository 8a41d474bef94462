package io.userlink.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Real threads released at once, for the races the integration tests run against DynamoDB Local. */
public final class Race {

    private Race() {}

    /**
     * Runs {@code racer.apply(i)} for each of {@code racers} on a thread of its own, all released together, and
     * returns the results in racer order.
     *
     * @throws java.util.concurrent.ExecutionException when a racer threw
     */
    public static <T> List<T> atOnce(int racers, IntFunction<Callable<T>> racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<T> call = racer.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
