package io.userlink.local.crac;

/** A restore failed: the hooks' exceptions are suppressed in it. */
public class RestoreException extends Exception {

    public RestoreException() {
        super("an afterRestore hook failed");
    }
}
