package io.userlink.token;

/** Supplies the deployment's current key ring (cached by implementations for a bounded time). */
@FunctionalInterface
public interface KeyRingSource {

    /** The key ring as of at most one cache period ago. */
    KeyRing keyRing();

    /**
     * Exercises reading the ring before a SnapStart snapshot, without caching what it reads (a cached ring
     * would outlive its cache period in every environment restored from the snapshot). A source that still
     * holds a fresh stack's placeholder primes without failing.
     */
    default void prime() {
        keyRing();
    }
}
