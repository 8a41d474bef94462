package io.userlink.local.crac;

/** A checkpoint failed: the hooks' exceptions are suppressed in it. */
public class CheckpointException extends Exception {

    public CheckpointException() {
        super("a beforeCheckpoint hook failed");
    }
}
