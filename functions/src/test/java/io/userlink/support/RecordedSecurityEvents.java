package io.userlink.support;

import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvents;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The security events a test's deployment recorded, instead of its log: from any thread, as races sign in from several. */
final class RecordedSecurityEvents implements SecurityEvents {

    private final Queue<SecurityEvent> events = new ConcurrentLinkedQueue<>();

    @Override
    public void record(SecurityEvent event) {
        events.add(event);
    }

    /** The events recorded, oldest first. */
    List<SecurityEvent> all() {
        return List.copyOf(events);
    }
}
