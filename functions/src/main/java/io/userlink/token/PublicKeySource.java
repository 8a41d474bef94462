package io.userlink.token;

/** Supplies the public keys of the deployment's key ring (cached by implementations for a bounded time). */
@FunctionalInterface
public interface PublicKeySource {

    /** The public keys as of at most one cache period ago. */
    PublicKeys publicKeys();

    /**
     * Exercises reading the keys before a SnapStart snapshot, without caching what it reads (see
     * {@link KeyRingSource#prime()}). A source that still holds a fresh stack's placeholder primes without failing.
     */
    default void prime() {
        publicKeys();
    }
}
