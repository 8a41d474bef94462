package io.userlink.identity;

import io.userlink.install.Install;
import io.userlink.user.User;
import io.userlink.user.EmailAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where installs, users, accounts, external ids and account emails live. Reads are strongly consistent, because
 * every write that follows one is conditioned on what it read.
 */
public interface IdentityStore {

    Optional<Install> findInstall(String installId);

    Optional<User> findUser(String userId);

    /** The id of the user the app's external id names, if any. */
    Optional<String> findUserIdByExternalId(String appId, String externalId);

    /**
     * The id of the user whose account has {@code email} in the app, if any: stored as it is, or in its
     * {@link EmailAddress#idnaSpelling}, as accounts registered before addresses' domains were read as Unicode are.
     * The work done is the same whether or not an account is found.
     */
    Optional<String> findUserIdByEmail(String appId, EmailAddress email);

    /**
     * A user with its account, installs and the entries of its history {@code window} names; empty for an unknown or
     * deleted user. What it reads of the history is bounded by the window, however long the history has grown.
     */
    Optional<UserRecord> findUserRecord(String userId, HistoryWindow window);

    /**
     * A user, its tombstone included, with the installs it holds: one read however long its history has grown,
     * which this leaves out with its account.
     */
    Optional<UserInstalls> findUserInstalls(String userId);

    /**
     * Writes a transition atomically, with the copies of its installs that list a user's installs as
     * {@link Transition#installCopies()} says. A transition that writes a user as deleted also records that the
     * deletion began, in an item whose creation the store's change stream announces: the cue for
     * {@link UserDeletion#finish} (the purge removes it).
     *
     * @throws ConcurrentChangeException when anything it was computed from has changed; nothing is written
     */
    void commit(Transition transition);

    /**
     * Removes what a deleted user leaves beyond its tombstone (history, install records), in batches, so a
     * user of any size can be deleted; the record that its deletion began goes last, and then the deletion's place in
     * the list of unfinished ones ({@link #unfinishedDeletions}).
     *
     * @return whether it found anything to remove
     */
    boolean purge(String userId);

    /**
     * The id of the deleted user whose deletion the item with these keys records as begun, if it is such an item: how
     * the background finisher recognises the stream records meant for it.
     */
    Optional<String> deletedUserIdOfKey(String partitionKey, String sortKey);

    /**
     * The ids of the users whose deletion began and has not finished: those whose record of it is still there (and,
     * after a purge that stopped between the two, some whose record is gone: finishing those removes them from the
     * list). For the person on call, not for a request.
     */
    List<String> unfinishedDeletions();
}
