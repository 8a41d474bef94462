package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.App;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.identity.HistoryWindow;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.refresh.RevocationReason;
import io.userlink.support.MemoryUserlink;
import io.userlink.support.StoppingIdentityStore;
import io.userlink.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Deleting a user of any size, and looking users up (README, "Identity rules"). */
class UserDeletionTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final App app = userlink.app();

    /**
     * Exactly two transactions' worth of installs (each tablet replaced by the next, the active phone linked
     * last): every install ends, the active one's tokens in the first transaction, and no empty transaction
     * follows (DynamoDB refuses one).
     */
    @Test
    void deleteWhenMoreInstallsThanOneTransactionHoldsThenAllEndTheActiveOneFirst() {
        // given
        List<String> installs = linkedInstalls("alice", UserDeletion.INSTALLS_PER_TRANSACTION * 2);
        User alice = userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST).user();
        String active = alice.activeInstallId().orElseThrow();
        int before = userlink.stores().commits();
        int reads = userlink.identities().userInstallsReads();
        int wholeUserReads = userlink.identities().userRecordReads();

        // when
        userlink.components().userDeletion().delete(app, alice.userId());

        // then
        assertAllEnded(installs);
        assertEquals(2, userlink.identities().userInstallsReads() - reads,
                "one read before each transaction; the count of what is left says when to stop reading");
        assertEquals(0, userlink.identities().userRecordReads() - wholeUserReads, "the history it purges is not read");
        assertEquals(Optional.of(RevocationReason.USER_DELETED), userlink.stores().families()
                .find(userlink.install(active).familyId()).orElseThrow().revocation());
        List<Transition> deletion = userlink.stores().committed().subList(before, userlink.stores().commits());
        assertEquals(2, deletion.size());
        assertTrue(deletion.getFirst().installs().stream().anyMatch(install -> install.installId().equals(active)),
                "the active install's tokens die first");
        User tombstone = userlink.stores().identities().findUser(alice.userId()).orElseThrow();
        assertTrue(tombstone.isDeleted());
        assertEquals(Optional.empty(), tombstone.externalId(), "a tombstone keeps no external id");
        assertEquals(Optional.empty(), userlink.stores().identities().findUserIdByExternalId(app.appId(), "alice"));
        assertEquals(List.of(), userlink.stores().history(alice.userId()), "purged");
    }

    /** Exactly what one transaction ends: one read, one transaction, no read after it. */
    @Test
    void deleteWhenExactlyOneTransactionOfInstallsThenOneReadAndOneTransaction() {
        List<String> installs = linkedInstalls("alice", UserDeletion.INSTALLS_PER_TRANSACTION);
        String userId = userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST).user().userId();
        int commits = userlink.stores().commits();
        int reads = userlink.identities().userInstallsReads();

        userlink.components().userDeletion().delete(app, userId);

        assertAllEnded(installs);
        assertEquals(1, userlink.stores().commits() - commits);
        assertEquals(1, userlink.identities().userInstallsReads() - reads);
    }

    /**
     * More installs than two transactions end: each later batch must find only the installs still to end (before,
     * the copies of the ones a batch had ended stayed under the user until the purge, so the third read found them,
     * stale, and the deletion answered 503 however often it was sent, as did the finisher).
     */
    @Test
    void deleteWhenMoreInstallsThanTwoTransactionsHoldThenAllEnd() {
        // The fewest that reach a third read: 30 in the tombstone's transaction, 30 in the next, one left.
        List<String> installs = linkedInstalls("alice", UserDeletion.INSTALLS_PER_TRANSACTION * 2 + 1);
        String userId = userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST).user().userId();
        int before = userlink.stores().commits();
        int installReads = userlink.identities().installReads();

        userlink.components().userDeletion().delete(app, userId);

        assertAllEnded(installs);
        assertEquals(3, userlink.stores().commits() - before, "a transaction per 30 installs");
        assertEquals(0, userlink.identities().installReads() - installReads, "no install's own item read: no batch conflicted");
        assertEquals(List.of(), userlink.stores().history(userId), "purged");
    }

    /**
     * A deletion stopped between its first transaction and its second (a timeout, throttling that outlasted the
     * retries) leaves installs linked, with live tokens, and history; the customer's retry finishes it.
     */
    @Test
    void deleteWhenAnEarlierDeletionStoppedAfterItsFirstTransactionThenSendingItAgainFinishesIt() {
        // given
        List<String> installs = linkedInstalls("alice", UserDeletion.INSTALLS_PER_TRANSACTION + 2);
        String userId = stoppedDeletion("alice", () -> userlink.identities().stoppingAtCommit(2));
        assertEquals(2, installs.stream().filter(installId -> userlink.install(installId).state() != InstallState.DELETED)
                .count(), "two installs left linked");
        assertNotFound(() -> userlink.components().userDirectory().byId(app, userId, HistoryWindow.NEWEST));

        // when
        userlink.components().userDeletion().delete(app, userId);

        // then
        assertAllEnded(installs);
        assertEquals(List.of(), userlink.stores().history(userId), "purged");
        assertNotFound(() -> userlink.components().userDeletion().delete(app, userId));
    }

    /** Two retries of a stopped deletion at once: the one that loses the race reads again, finds nothing held, purges. */
    @Test
    void deleteWhenAStoppedDeletionIsSentAgainTwiceAtOnceThenBothFinishAndEachInstallEndsOnce() {
        List<String> installs = linkedInstalls("alice", UserDeletion.INSTALLS_PER_TRANSACTION + 1);
        String userId = stoppedDeletion("alice", () -> userlink.identities().stoppingAtCommit(2));
        userlink.stores().beforeNextCommit(() -> userlink.components().userDeletion().delete(app, userId));
        int before = userlink.stores().commits();

        userlink.components().userDeletion().delete(app, userId);

        assertAllEnded(installs);
        assertEquals(1, userlink.stores().commits() - before, "the last install ended by one of them, once");
        assertEquals(List.of(), userlink.stores().history(userId), "purged");
        assertNotFound(() -> userlink.components().userDeletion().delete(app, userId));
    }

    @Test
    void deleteWhenAnEarlierDeletionStoppedBeforeItsPurgeThenSendingItAgainPurges() {
        List<String> installs = linkedInstalls("alice", 1);
        String userId = stoppedDeletion("alice", userlink.identities()::stoppingAtPurge);
        assertFalse(userlink.stores().history(userId).isEmpty(), "history left");
        int reads = userlink.identities().userInstallsReads();

        userlink.components().userDeletion().delete(app, userId);

        assertEquals(1, userlink.identities().userInstallsReads() - reads, "a tombstone holds no install to read for");
        assertAllEnded(installs);
        assertEquals(List.of(), userlink.stores().history(userId), "purged");
        assertNotFound(() -> userlink.components().userDeletion().delete(app, userId));
        assertNotFound(() -> userlink.components().userDeletion().delete(userlink.app(), userId));
    }

    /**
     * A stopped deletion that the customer never sends again: the finisher, which the tombstone's write calls for,
     * ends what is left and purges, as the retry would have.
     */
    @Test
    void finishWhenADeletionStoppedAfterItsFirstTransactionAndWasNotSentAgainThenEveryInstallEndsAndHistoryGoes() {
        List<String> installs = linkedInstalls("alice", UserDeletion.INSTALLS_PER_TRANSACTION + 2);
        String userId = stoppedDeletion("alice", () -> userlink.identities().stoppingAtCommit(2));
        assertEquals(List.of(userId), userlink.components().userDeletion().unfinished(), "what the person on call sees");

        boolean finished = userlink.components().userDeletion().finish(userId);

        assertTrue(finished, "something was left to finish");
        assertEquals(List.of(), userlink.components().userDeletion().unfinished());
        assertAllEnded(installs);
        assertEquals(List.of(), userlink.stores().history(userId), "purged");
        assertFalse(userlink.components().userDeletion().finish(userId), "nothing left the second time");
        assertNotFound(() -> userlink.components().userDeletion().delete(app, userId));
    }

    /**
     * What a deletion stopped after its second transaction left before f96b857: the installs that transaction ended
     * still listed under the user, as they were. Each batch of it conflicted on their installs, so it could never be
     * finished (a 503 however often sent, and the finisher's batch in the dead-letter queue). Now the batch that loses
     * reads the installs' own items, ends only those still the user's, and the purge removes the stale copies.
     */
    @Test
    void finishWhenAnOlderDeletionLeftCopiesOfTheInstallsItEndedThenTheRestEndAndThePurgeRemovesThem() {
        List<String> installs = linkedInstalls("alice", UserDeletion.INSTALLS_PER_TRANSACTION * 2 + 1);
        String userId = userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST).user().userId();
        List<Install> copiesBefore = installs.stream()
                .map(installId -> userlink.stores().userInstall(userId, installId).orElseThrow()).toList();
        stoppedDeletion("alice", () -> userlink.identities().stoppingAtCommit(3));
        List<String> endedBySecond = userlink.stores().committed().getLast().installs().stream()
                .map(Install::installId).toList();
        copiesBefore.stream().filter(copy -> endedBySecond.contains(copy.installId()))
                .forEach(copy -> userlink.stores().putUserInstall(userId, copy));
        List<Install> endedBefore = endedBySecond.stream().map(userlink::install).toList();

        boolean finished = userlink.components().userDeletion().finish(userId);

        assertTrue(finished);
        assertAllEnded(installs);
        assertEquals(endedBefore, endedBySecond.stream().map(userlink::install).toList(), "not ended a second time");
        assertEquals(List.of(), installs.stream().filter(id -> userlink.stores().userInstall(userId, id).isPresent())
                .toList(), "no copy left under the user");
        assertEquals(List.of(), userlink.stores().history(userId), "purged");
        assertEquals(List.of(), userlink.components().userDeletion().unfinished());
    }

    @Test
    void finishWhenADeletionStoppedBeforeItsPurgeThenItPurges() {
        linkedInstalls("alice", 1);
        String userId = stoppedDeletion("alice", userlink.identities()::stoppingAtPurge);

        assertTrue(userlink.components().userDeletion().finish(userId));

        assertEquals(List.of(), userlink.stores().history(userId), "purged");
        assertNotFound(() -> userlink.components().userDeletion().delete(app, userId));
    }

    /**
     * A purge that stopped before its last batch leaves only the record that the deletion began: the deletion has not
     * finished, so sending it again purges that (204) and the finisher would too, rather than calling the user gone.
     */
    @Test
    void deleteAndFinishWhenOnlyTheRecordThatTheDeletionBeganIsLeftThenTheyPurgeIt() {
        linkedInstalls("alice", 1);
        linkedInstalls("bob", 1);
        String alice = stoppedDeletion("alice", userlink.identities()::stoppingAtPurge);
        String bob = stoppedDeletion("bob", userlink.identities()::stoppingAtPurge);
        userlink.stores().purgeStoppedBeforeItsLastBatch(alice);
        userlink.stores().purgeStoppedBeforeItsLastBatch(bob);

        userlink.components().userDeletion().delete(app, alice);
        boolean finished = userlink.components().userDeletion().finish(bob);

        assertTrue(finished);
        assertNotFound(() -> userlink.components().userDeletion().delete(app, alice));
        assertFalse(userlink.components().userDeletion().finish(bob), "nothing left after the finisher");
    }

    /** The request usually finishes its own deletion before the finisher comes: then it finds nothing to do. */
    @Test
    void finishWhenTheDeletionFinishedThenItDoesNothing() {
        linkedInstalls("alice", 2);
        String userId = userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST).user().userId();
        userlink.components().userDeletion().delete(app, userId);
        int commits = userlink.stores().commits();

        assertFalse(userlink.components().userDeletion().finish(userId));

        assertEquals(commits, userlink.stores().commits());
    }

    /** Only a tombstone is finished: a live user keeps its installs and history, whatever names it. */
    @Test
    void finishWhenTheUserIsNotDeletedThenItIsLeftAlone() {
        List<String> installs = linkedInstalls("alice", 2);
        String userId = userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST).user().userId();
        int history = userlink.stores().history(userId).size();

        assertFalse(userlink.components().userDeletion().finish(userId));
        assertFalse(userlink.components().userDeletion().finish("usr_unknown"));

        assertEquals(InstallState.ACTIVE, userlink.install(installs.getLast()).state());
        assertEquals(history, userlink.stores().history(userId).size());
        assertEquals(userId, userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST).user().userId());
    }

    @Test
    void deleteThenTheUserIsGoneForLookupsAndDeletingAgainIsNotFound() {
        String installId = userlink.register(app, DeviceClass.PHONE).install().installId();
        String userId = userlink.components().linkService().link(app, installId, "alice").userId().orElseThrow();

        userlink.components().userDeletion().delete(app, userId);

        assertNotFound(() -> userlink.components().userDirectory().byId(app, userId, HistoryWindow.NEWEST));
        assertNotFound(() -> userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST));
        assertNotFound(() -> userlink.components().userDeletion().delete(app, userId));
    }

    @Test
    void deleteThenTheExternalIdCanNameANewUser() {
        String first = userlink.register(app, DeviceClass.PHONE).install().installId();
        String deleted = userlink.components().linkService().link(app, first, "alice").userId().orElseThrow();
        userlink.components().userDeletion().delete(app, deleted);

        String second = userlink.register(app, DeviceClass.PHONE).install().installId();
        String created = userlink.components().linkService().link(app, second, "alice").userId().orElseThrow();

        assertTrue(!created.equals(deleted));
        assertEquals(created, userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST).user().userId());
    }

    @Test
    void lookupAndDeleteWhenUserOfAnotherAppThenNotFound() {
        String installId = userlink.register(app, DeviceClass.PHONE).install().installId();
        String userId = userlink.components().linkService().link(app, installId, "alice").userId().orElseThrow();
        App other = userlink.app();

        assertNotFound(() -> userlink.components().userDirectory().byId(other, userId, HistoryWindow.NEWEST));
        assertNotFound(() -> userlink.components().userDirectory().byExternalId(other, "alice", HistoryWindow.NEWEST));
        assertNotFound(() -> userlink.components().userDeletion().delete(other, userId));
        assertEquals(InstallState.ACTIVE, userlink.install(installId).state());
    }

    @Test
    void lookupWhenLinkedThenTheUserWithItsInstallsAndHistory() {
        String phone = userlink.register(app, DeviceClass.PHONE).install().installId();
        String tablet = userlink.register(app, DeviceClass.TABLET).install().installId();
        userlink.components().linkService().link(app, phone, "alice");
        userlink.components().linkService().link(app, tablet, "alice");

        UserRecord record = userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST);

        assertEquals(Optional.of("alice"), record.user().externalId());
        assertEquals(2, record.installs().size());
        assertEquals(4, record.history().size(), "created+activated, linked+inactive");
    }

    /** Installs linked to one user, each tablet replaced by the next, the last a phone, which is active. */
    private List<String> linkedInstalls(String externalId, int count) {
        List<String> installs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean last = i == count - 1;
            String installId = userlink.register(app, last ? DeviceClass.PHONE : DeviceClass.TABLET).install().installId();
            userlink.components().linkService().link(app, installId, externalId);
            installs.add(installId);
        }
        return installs;
    }

    /** The id of the user the external id names, whose deletion {@code stop} (told to the store) stopped part-way. */
    private String stoppedDeletion(String externalId, Runnable stop) {
        String userId = userlink.components().userDirectory().byExternalId(app, externalId, HistoryWindow.NEWEST).user().userId();
        stop.run();
        assertThrows(StoppingIdentityStore.Stopped.class, () -> userlink.components().userDeletion().delete(app, userId));
        return userId;
    }

    /** Each install ended by the deletion, its refresh family revoked: no token of it works again. */
    private void assertAllEnded(List<String> installs) {
        for (String installId : installs) {
            Install ended = userlink.install(installId);
            assertEquals(InstallState.DELETED, ended.state(), installId);
            assertEquals(Optional.of(InactiveReason.USER_DELETED), ended.inactiveReason());
            assertTrue(userlink.stores().families().find(ended.familyId()).orElseThrow().revocation().isPresent(), installId);
        }
    }

    private static void assertNotFound(Runnable call) {
        assertEquals(ErrorCode.USER_NOT_FOUND, assertThrows(UserlinkException.class, call::run).code());
    }
}
