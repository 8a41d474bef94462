package io.userlink.support;

import io.userlink.identity.IdentityStore;
import io.userlink.identity.Transition;
import io.userlink.identity.UserRecord;
import io.userlink.install.Install;
import io.userlink.user.EmailAddress;
import io.userlink.user.User;
import java.util.Optional;

/**
 * An identity store that stops its caller once, at a chosen write, as a function's timeout or throttling that outlasts
 * the SDK's retries stops it: everything before that write is stored, that write and nothing after it.
 */
public final class StoppingIdentityStore implements IdentityStore {

    /** What the caller gets where it stops. */
    public static final class Stopped extends RuntimeException {
        Stopped(String where) {
            super("stopped at " + where);
        }
    }

    private final IdentityStore store;
    /** The commit that stops (counted from 1), or 0 for the purge. */
    private final int stoppingCommit;
    private int commits;
    private boolean stopped;

    private StoppingIdentityStore(IdentityStore store, int stoppingCommit) {
        this.store = store;
        this.stoppingCommit = stoppingCommit;
    }

    /** Stops at the {@code commit}th transition (the first is 1). */
    public static StoppingIdentityStore atCommit(IdentityStore store, int commit) {
        return new StoppingIdentityStore(store, commit);
    }

    /** Stops at the first purge. */
    public static StoppingIdentityStore atPurge(IdentityStore store) {
        return new StoppingIdentityStore(store, 0);
    }

    @Override
    public Optional<Install> findInstall(String installId) {
        return store.findInstall(installId);
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
    public Optional<UserRecord> findUserRecordOrTombstone(String userId) {
        return store.findUserRecordOrTombstone(userId);
    }

    @Override
    public synchronized void commit(Transition transition) {
        commits++;
        stopOnce(commits == stoppingCommit, "commit " + commits);
        store.commit(transition);
    }

    @Override
    public synchronized void purge(String userId) {
        stopOnce(stoppingCommit == 0, "the purge");
        store.purge(userId);
    }

    private void stopOnce(boolean here, String where) {
        if (here && !stopped) {
            stopped = true;
            throw new Stopped(where);
        }
    }
}
