package io.userlink.identity;

/**
 * A transition's condition failed because something it read changed before it was written. Services retry
 * from the reads; callers never see it.
 */
public final class ConcurrentChangeException extends RuntimeException {

    public ConcurrentChangeException(String message) {
        super(message, null, false, false);
    }
}
