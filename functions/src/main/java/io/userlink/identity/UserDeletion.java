package io.userlink.identity;

import io.userlink.app.App;
import io.userlink.error.UserlinkException;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.refresh.RevocationReason;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Deletes a user: one transaction writes the tombstone (which keeps no external id or email), releases the
 * external id or the account's email (removing the account), ends the user's installs and revokes their refresh families; what is left (history, install copies,
 * installs beyond what one transaction holds) is then removed in batches, so a user of any size can be
 * deleted.
 */
public final class UserDeletion {

    /** Installs ended in one transaction: each takes three writes, beside the user and its external id. */
    static final int INSTALLS_PER_TRANSACTION = 32;

    private final IdentityStore store;
    private final UserDirectory directory;
    private final ConflictRetry retry;
    private final InstantSource clock;

    public UserDeletion(IdentityStore store, UserDirectory directory, ConflictRetry retry, InstantSource clock) {
        this.store = Objects.requireNonNull(store);
        this.directory = Objects.requireNonNull(directory);
        this.retry = Objects.requireNonNull(retry);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * @throws UserlinkException {@code USER_NOT_FOUND} for an unknown, already deleted or other app's user
     */
    public void delete(App app, String userId) {
        List<Install> remaining = retry.run(() -> {
            Instant now = clock.instant();
            UserRecord record = directory.byId(app, userId);
            // The record lists only installs the user still holds; the active one first: its tokens die in the
            // first transaction.
            List<Install> installs = new ArrayList<>(record.installs().stream()
                    .sorted(Comparator.comparing((Install install) -> install.state() != InstallState.ACTIVE))
                    .toList());
            List<Install> first = installs.subList(0, Math.min(INSTALLS_PER_TRANSACTION, installs.size()));
            Transition.Builder transition = Transition.of(new UserWrite.Replace(record.user().deleted(now)))
                    .releaseIdentifierOf(record.user());
            first.forEach(install -> end(transition, install, now));
            store.commit(transition.build());
            return List.copyOf(installs.subList(first.size(), installs.size()));
        });
        for (int start = 0; start < remaining.size(); start += INSTALLS_PER_TRANSACTION) {
            Transition.Builder batch = Transition.withoutUser();
            Instant now = clock.instant();
            remaining.subList(start, Math.min(remaining.size(), start + INSTALLS_PER_TRANSACTION))
                    .forEach(install -> end(batch, install, now));
            store.commit(batch.build());
        }
        store.purge(userId);
    }

    private static void end(Transition.Builder transition, Install install, Instant now) {
        transition.install(install.userDeleted(now))
                .revokeFamily(install.familyId(), RevocationReason.USER_DELETED);
    }
}
