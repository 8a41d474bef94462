package io.userlink.token;

import java.util.Optional;

/** Supplies the deployment's current key ring (cached by implementations for a bounded time). */
@FunctionalInterface
public interface KeyRingSource {

    /** The key ring as of at most one cache period ago. */
    KeyRing keyRing();

    /**
     * The ring as stored now, read past the cache and not cached: before a SnapStart snapshot, so that no
     * restored environment starts with the snapshot's ring. Empty while the secret holds a fresh stack's
     * placeholder.
     */
    default Optional<KeyRing> readUncached() {
        return Optional.of(keyRing());
    }
}
