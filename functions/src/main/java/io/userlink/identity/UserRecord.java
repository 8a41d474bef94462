package io.userlink.identity;

import io.userlink.install.Install;
import io.userlink.user.Account;
import io.userlink.user.HistoryEntry;
import io.userlink.user.User;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A user with its account, if it has one, every install it has (or had, until deactivation) and the entries of its
 * history a {@link HistoryWindow} asked for, oldest first.
 *
 * @param earlierHistory where {@code history} begins, when older entries were left out; empty when it begins with
 *     the user's first entry
 */
public record UserRecord(User user, Optional<Account> account, List<Install> installs, List<HistoryEntry> history,
                         Optional<HistoryPosition> earlierHistory) {
    public UserRecord {
        Objects.requireNonNull(user);
        Objects.requireNonNull(account);
        installs = List.copyOf(installs);
        history = List.copyOf(history);
        Objects.requireNonNull(earlierHistory);
    }
}
