package io.userlink.user;

import io.userlink.install.InactiveReason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One event of a user's history. It never holds the external id, which is often an email address. */
public record HistoryEntry(Instant at, HistoryEvent event, String installId, Optional<InactiveReason> reason) {
    public HistoryEntry {
        Objects.requireNonNull(at);
        Objects.requireNonNull(event);
        Objects.requireNonNull(installId);
        Objects.requireNonNull(reason);
    }

    public static HistoryEntry of(Instant at, HistoryEvent event, String installId) {
        return new HistoryEntry(at, event, installId, Optional.empty());
    }
}
