package io.userlink.user;

import io.userlink.app.DevicePolicy;
import io.userlink.install.InactiveReason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a user's history. It never holds the external id, which is often an email address.
 *
 * @param reason why the install is inactive or was deactivated
 * @param devicePolicy the app's rule that decided an activation, an inactive link or a replacement
 */
public record HistoryEntry(Instant at, HistoryEvent event, String installId, Optional<InactiveReason> reason,
                           Optional<DevicePolicy> devicePolicy) {
    public HistoryEntry {
        Objects.requireNonNull(at);
        Objects.requireNonNull(event);
        Objects.requireNonNull(installId);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(devicePolicy);
    }

    public static HistoryEntry of(Instant at, HistoryEvent event, String installId) {
        return new HistoryEntry(at, event, installId, Optional.empty(), Optional.empty());
    }

    /** An event the app's device rule decided. */
    public static HistoryEntry decided(Instant at, HistoryEvent event, String installId, Optional<InactiveReason> reason,
                                       DevicePolicy rule) {
        return new HistoryEntry(at, event, installId, reason, Optional.of(rule));
    }
}
