package io.userlink.token;

/** Supplies the deployment's current key ring (cached by implementations for a bounded time). */
@FunctionalInterface
public interface KeyRingSource {

    /** The key ring as of at most one cache period ago. */
    KeyRing keyRing();
}
