package io.userlink.audit;

/** Where the domain records its {@link SecurityEvent}s: the function's log, or a test's list. */
@FunctionalInterface
public interface SecurityEvents {

    void record(SecurityEvent event);
}
