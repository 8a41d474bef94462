package io.userlink.identity;

import io.userlink.install.Install;
import io.userlink.user.HistoryEntry;
import io.userlink.user.User;
import java.util.List;
import java.util.Objects;

/** A user with every install it has (or had, until deactivation) and its history, oldest first. */
public record UserRecord(User user, List<Install> installs, List<HistoryEntry> history) {
    public UserRecord {
        Objects.requireNonNull(user);
        installs = List.copyOf(installs);
        history = List.copyOf(history);
    }
}
