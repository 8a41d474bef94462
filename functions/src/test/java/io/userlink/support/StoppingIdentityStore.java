package io.userlink.support;

import io.userlink.identity.HistoryWindow;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.Transition;
import io.userlink.identity.UserInstalls;
import io.userlink.identity.UserRecord;
import io.userlink.install.Install;
import io.userlink.user.EmailAddress;
import io.userlink.user.User;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An identity store that stops its caller once, at a chosen write, as a function's timeout or throttling that outlasts
 * the SDK's retries stops it: everything before that write is stored, that write and nothing after it. It can also
 * start something right after a write, so that a race begins at a chosen point of the caller's work.
 */
public final class StoppingIdentityStore implements IdentityStore {

    /** What the caller gets where it stops. */
    public static final class Stopped extends RuntimeException {
        Stopped(String where) {
            super("stopped at " + where);
        }
    }

    private final IdentityStore store;
    /** Commits to let through before the one that stops; -1: none stops. */
    private int commitsBeforeStop = -1;
    /** What the next purge throws; null: it purges. */
    private RuntimeException purgeFailure;
    private Runnable afterNextCommit;
    private final AtomicInteger userRecordReads = new AtomicInteger();
    private final AtomicInteger userInstallsReads = new AtomicInteger();
    private final AtomicInteger installReads = new AtomicInteger();

    public StoppingIdentityStore(IdentityStore store) {
        this.store = store;
    }

    /** Stops at the {@code commit}th transition from now (the next is 1). */
    public synchronized StoppingIdentityStore stoppingAtCommit(int commit) {
        commitsBeforeStop = commit - 1;
        return this;
    }

    /** Runs {@code action} once, right after the next commit is stored, in the committing thread. */
    public synchronized StoppingIdentityStore afterNextCommit(Runnable action) {
        afterNextCommit = action;
        return this;
    }

    /** Stops at the next purge. */
    public StoppingIdentityStore stoppingAtPurge() {
        return failingAtPurge(new Stopped("the purge"));
    }

    /** The next purge throws {@code failure}, as a throttled table's would. */
    public synchronized StoppingIdentityStore failingAtPurge(RuntimeException failure) {
        purgeFailure = failure;
        return this;
    }

    @Override
    public Optional<Install> findInstall(String installId) {
        return counted(installReads, () -> store.findInstall(installId));
    }

    /** The reads of an install's own item (a GetItem each on DynamoDB) so far. */
    public int installReads() {
        return installReads.get();
    }

    @Override
    public Optional<User> findUser(String userId) {
        return store.findUser(userId);
    }

    @Override
    public Optional<String> findUserIdByExternalId(String appId, String externalId) {
        return store.findUserIdByExternalId(appId, externalId);
    }

    @Override
    public Optional<String> findUserIdByEmail(String appId, EmailAddress email) {
        return store.findUserIdByEmail(appId, email);
    }

    @Override
    public Optional<UserRecord> findUserRecord(String userId, HistoryWindow window) {
        return counted(userRecordReads, () -> store.findUserRecord(userId, window));
    }

    /** The reads of a user with its whole partition, its history included, so far. */
    public int userRecordReads() {
        return userRecordReads.get();
    }

    @Override
    public Optional<UserInstalls> findUserInstalls(String userId) {
        return counted(userInstallsReads, () -> store.findUserInstalls(userId));
    }

    /** The reads of a user with its installs (one Query each on DynamoDB) so far: what a deletion's loop costs. */
    public int userInstallsReads() {
        return userInstallsReads.get();
    }

    @Override
    public void commit(Transition transition) {
        synchronized (this) {
            if (commitsBeforeStop == 0) {
                commitsBeforeStop = -1;
                throw new Stopped("a commit");
            }
            if (commitsBeforeStop > 0) {
                commitsBeforeStop--;
            }
        }
        store.commit(transition);
        Runnable after;
        synchronized (this) {
            after = afterNextCommit;
            afterNextCommit = null;
        }
        if (after != null) {
            after.run();
        }
    }

    @Override
    public boolean purge(String userId) {
        synchronized (this) {
            if (purgeFailure != null) {
                RuntimeException failure = purgeFailure;
                purgeFailure = null;
                throw failure;
            }
        }
        return store.purge(userId);
    }

    @Override
    public Optional<String> deletedUserIdOfKey(String partitionKey, String sortKey) {
        return store.deletedUserIdOfKey(partitionKey, sortKey);
    }

    @Override
    public List<String> unfinishedDeletions() {
        return store.unfinishedDeletions();
    }

    private static <T> T counted(AtomicInteger reads, Supplier<T> read) {
        reads.incrementAndGet();
        return read.get();
    }
}
