package io.userlink.identity;

import io.userlink.app.App;
import io.userlink.error.UserlinkException;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.mail.OutboxMail;
import io.userlink.refresh.RevocationReason;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deletes a user: one transaction writes the tombstone (which keeps no external id or email), releases the
 * external id or the account's email (removing the account), ends the user's installs and revokes their refresh
 * families; what is left (installs beyond what one transaction holds, history, install copies) is then removed in
 * batches, so a user of any size can be deleted. A deletion that stopped part-way is finished by the next one sent,
 * and without one by {@link #finish}, which the store's record of the tombstone's write calls for in the background.
 */
public final class UserDeletion {

    /**
     * Installs ended in one transaction: each takes three writes (the install, its copy under the user, its family),
     * beside the user, its external id (or its account's address and password hash), the record that the deletion
     * began and the notice an account's owner is mailed, each of those two with its place in a list: 97 at most,
     * within DynamoDB's limit of 100.
     */
    public static final int INSTALLS_PER_TRANSACTION = 30;

    private final IdentityStore store;
    private final ConflictRetry retry;
    private final InstantSource clock;

    public UserDeletion(IdentityStore store, ConflictRetry retry, InstantSource clock) {
        this.store = Objects.requireNonNull(store);
        this.retry = Objects.requireNonNull(retry);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Deletes the user, or finishes a deletion of it that stopped part-way (a timeout or throttling between its
     * transactions). The first transaction writes the tombstone, so from then on the user reads as deleted; a
     * deletion sent again finds the tombstone with what it still holds, ends those installs and purges the rest.
     *
     * @throws UserlinkException {@code USER_NOT_FOUND} for an unknown or other app's user, and for a user whose
     *     deletion has finished
     */
    public void delete(App app, String userId) {
        delete(app, userId, Optional.empty());
    }

    /**
     * Deletes the user as {@link #delete(App, String)} does, writing {@code notice} with the tombstone: a mail the
     * deletion causes, never sent for one that did not happen.
     */
    public void delete(App app, String userId, Optional<OutboxMail> notice) {
        FirstStep first = retry.run(() -> {
            Instant now = clock.instant();
            UserInstalls held = store.findUserInstalls(userId)
                    .filter(found -> found.user().appId().equals(app.appId())).orElseThrow(UserDirectory::notFound);
            if (held.user().isDeleted()) {
                // No install joins a tombstone: none held now, none to read for.
                return new FirstStep(true, !held.installs().isEmpty());
            }
            // The active install first: its tokens die in the first transaction.
            List<Install> installs = held.installs().stream()
                    .sorted(Comparator.comparing((Install install) -> install.state() != InstallState.ACTIVE))
                    .toList();
            Transition.Builder transition = Transition.of(new UserWrite.Replace(held.user().deleted(now)))
                    .releaseIdentifierOf(held.user());
            notice.ifPresent(transition::mail);
            installs.stream().limit(INSTALLS_PER_TRANSACTION).forEach(install -> end(transition, install, now));
            store.commit(transition.build());
            return new FirstStep(false, installs.size() > INSTALLS_PER_TRANSACTION);
        });
        boolean purged = endInstallsAndPurge(userId, first.installsLeft());
        if (first.tombstoneFound() && !first.installsLeft() && !purged) {
            throw UserDirectory.notFound();
        }
    }

    /**
     * Finishes the deletion of a user in the background: ends the installs its tombstone still holds and purges the
     * rest, as a deletion sent again would, for a deletion whose request stopped part-way and was not sent again.
     * Ending nothing and purging nothing is what it usually finds, the request having finished its own work.
     *
     * @return whether there was anything to finish (the request stopped part-way, or is still at work); false as
     *     well when the user is not deleted, which is left alone
     */
    public boolean finish(String userId) {
        Optional<UserInstalls> tombstone = store.findUserInstalls(userId).filter(found -> found.user().isDeleted());
        if (tombstone.isEmpty()) {
            return false;
        }
        boolean installsLeft = !tombstone.get().installs().isEmpty();
        return endInstallsAndPurge(userId, installsLeft) || installsLeft;
    }

    /**
     * The users whose deletion has not finished, for the person on call to finish them ({@link #finish}) once what
     * stopped the finisher is mended.
     */
    public List<String> unfinished() {
        return store.unfinishedDeletions();
    }

    /** The user id that an item's keys name if the item records a deletion to finish (see {@link #finish}). */
    public Optional<String> userIdOfDeletionKey(String partitionKey, String sortKey) {
        return store.deletedUserIdOfKey(partitionKey, sortKey);
    }

    /**
     * Ends the installs the tombstone still holds, then purges the rest.
     *
     * @return whether the purge found anything: the record that the deletion began, which it removes last, or for a
     *     deletion from before such records, history or install copies
     */
    private boolean endInstallsAndPurge(String userId, boolean installsLeft) {
        AtomicBoolean conflicted = new AtomicBoolean();
        boolean more = installsLeft;
        while (more) {
            // Read again each time: a deletion sent again may be ending the same installs.
            more = retry.run(() -> {
                List<Install> held = store.findUserInstalls(userId).map(UserInstalls::installs).orElse(List.of());
                if (conflicted.get()) {
                    held = stillHeld(userId, held);
                }
                if (held.isEmpty()) {
                    return false;
                }
                Instant now = clock.instant();
                Transition.Builder batch = Transition.withoutUser();
                held.stream().limit(INSTALLS_PER_TRANSACTION).forEach(install -> end(batch, install, now));
                try {
                    store.commit(batch.build());
                } catch (ConcurrentChangeException e) {
                    conflicted.set(true);
                    throw e;
                }
                return held.size() > INSTALLS_PER_TRANSACTION;
            });
        }
        return store.purge(userId);
    }

    /**
     * The installs that {@code copies} (the tombstone's list) name, as their own items have them, less those no longer
     * the user's to end. Read once a batch has lost a race: a deletion sent again at the same time ended some of
     * them, or the copies are stale, as a deletion before f96b857 left the copies of the installs its later batches
     * ended; their install ended, such a copy made every batch conflict, and only the purge removes it.
     */
    private List<Install> stillHeld(String userId, List<Install> copies) {
        return copies.stream()
                .flatMap(copy -> store.findInstall(copy.installId()).stream())
                .filter(install -> Transition.listedUnder(userId, install))
                .toList();
    }

    private static void end(Transition.Builder transition, Install install, Instant now) {
        transition.install(install.userDeleted(now))
                .revokeFamily(install.familyId(), RevocationReason.USER_DELETED);
    }

    /** What a deletion's first step found: the tombstone of a deletion sent before, or not; installs left to end. */
    private record FirstStep(boolean tombstoneFound, boolean installsLeft) {}
}
