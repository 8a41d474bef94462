package io.userlink.identity;

/**
 * How an operation reads the time and waits. Wall time, not the domain clock: what waits bounds or pads how long a
 * request takes, and decides nothing.
 */
public interface Waiting {

    /** The JVM's monotonic clock and {@link Thread#sleep}. */
    Waiting WALL = new Wall();

    long nanoTime();

    void sleep(long millis) throws InterruptedException;

    /** A class, as two method references would cost a cold start their linking. */
    final class Wall implements Waiting {
        private Wall() {}

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    }
}
