package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.MailKind;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.install.InstallStore;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.mail.OutboxMail;
import io.userlink.refresh.RefreshFamily;
import io.userlink.user.EmailAddress;
import io.userlink.user.HistoryEntry;
import io.userlink.user.HistoryEvent;
import io.userlink.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * What an {@link IdentityStore} does with a {@link Transition}, whatever holds it: DynamoDB's rules for one
 * transaction (at least one item, at most 100, none twice, every condition or nothing). The DynamoDB store is held to
 * it against DynamoDB Local and moto, and the in-memory store the domain's unit tests run on is held to the same, so a
 * transition those tests pass is one a deployment can write.
 */
public abstract class IdentityStoreContract {

    /** The most items DynamoDB lets one transaction name. */
    private static final int TRANSACTION_ITEMS = 100;
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final String appId = "app-" + UUID.randomUUID();

    protected abstract IdentityStore store();

    protected abstract InstallStore installs();

    /** A user created by external id names its item and the external id's claim beside its history. */
    @Test
    void commitWhenACreationNamesMoreThanAHundredItemsThenRefusedAndNothingWritten() {
        User user = User.created(newId("user"), appId, newId("external"), NOW).touched();

        assertOneTransactionHolds(2, entries -> withHistory(Transition.of(new UserWrite.Create(user)), entries));

        assertEquals(Optional.of(user.userId()), store().findUserIdByExternalId(appId, user.externalId().orElseThrow()));
    }

    /**
     * A deletion names the tombstone, the record that the deletion began, that record's listing and the released
     * external id beside its history: the two records count as much as the writes a caller asked for.
     */
    @Test
    void commitWhenADeletionNamesMoreThanAHundredItemsThenRefusedAndNothingWritten() {
        User user = createdUser();

        assertOneTransactionHolds(4, entries -> withHistory(Transition.of(new UserWrite.Replace(user.deleted(NOW)))
                .releaseIdentifierOf(user), entries));

        assertTrue(store().findUser(user.userId()).orElseThrow().isDeleted());
        assertEquals(Optional.empty(), store().findUserIdByExternalId(appId, user.externalId().orElseThrow()));
        assertTrue(store().unfinishedDeletions().contains(user.userId()));
    }

    /** A mail names the outbox item and its place in the list of unsent mails. */
    @Test
    void commitWhenAMailMakesATransitionNameMoreThanAHundredItemsThenRefusedAndNothingWritten() {
        User user = User.created(newId("user"), appId, newId("external"), NOW).touched();
        OutboxMail mail = OutboxMail.requested(MailKind.PASSWORD_CHANGED, appId, user.userId(),
                new EmailAddress("dora@example.com"), Optional.empty(), NOW);

        assertOneTransactionHolds(4, entries -> withHistory(Transition.of(new UserWrite.Create(user)).mail(mail), entries));

        assertTrue(store().findUser(user.userId()).isPresent());
    }

    /**
     * A transition whose install was changed since it was read: the user it would also have written keeps its version,
     * the install its state. Then, computed again from what is stored, all of it is written.
     */
    @Test
    void commitWhenOneConditionFailsThenConcurrentChangeAndNothingWritten() {
        User user = createdUser();
        Install install = registeredInstall();
        Install linkedFromAStaleRead = install.linked(user.userId(), Optional.empty(), install.familyId(), NOW).linked(
                user.userId(), Optional.empty(), install.familyId(), NOW);
        User touched = user.touched();

        assertThrows(ConcurrentChangeException.class, () -> store().commit(Transition.of(new UserWrite.Replace(touched))
                .install(linkedFromAStaleRead).build()));

        assertEquals(user.version(), store().findUser(user.userId()).orElseThrow().version());
        assertEquals(install, store().findInstall(install.installId()).orElseThrow());

        Install linked = install.linked(user.userId(), Optional.empty(), install.familyId(), NOW);
        store().commit(Transition.of(new UserWrite.Replace(touched)).install(linked).build());

        assertEquals(touched.version(), store().findUser(user.userId()).orElseThrow().version());
        assertEquals(linked, store().findInstall(install.installId()).orElseThrow());
    }

    /**
     * An external id names one user: a second user created with it (and an entry of history) is a conflict, the second
     * user is not written, and the first keeps the id.
     */
    @Test
    void commitWhenASecondUserClaimsAnExternalIdThenConcurrentChangeAndOnlyTheFirstHoldsIt() {
        User first = createdUser();
        User second = User.created(newId("user"), appId, first.externalId().orElseThrow(), NOW).touched();

        assertThrows(ConcurrentChangeException.class, () -> store().commit(withHistory(
                Transition.of(new UserWrite.Create(second)), 1)));

        assertEquals(Optional.empty(), store().findUser(second.userId()));
        assertEquals(Optional.of(first.userId()), store().findUserIdByExternalId(appId, first.externalId().orElseThrow()));
    }

    /**
     * A transition that names one install twice is malformed: refused as the caller's fault, and not as a conflict,
     * which its caller would retry until its budget ran out, computing the same transition each time. (DynamoDB Local,
     * unlike DynamoDB, cancels this one as a failed condition: the second write's condition sees the first.)
     */
    @Test
    void commitWhenATransitionNamesAnItemTwiceThenRefusedNotAsAConflictAndNothingWritten() {
        Install install = registeredInstall();
        Install linked = install.linked(newId("user"), Optional.empty(), install.familyId(), NOW);

        assertThrows(IllegalArgumentException.class,
                () -> store().commit(Transition.withoutUser().install(linked).install(linked).build()));

        assertEquals(install, store().findInstall(install.installId()).orElseThrow());
    }

    /**
     * A user's partition lists the installs it holds, which a deletion reads to know what is left to end: an install
     * linked to the user is listed; deactivated without a read, it stays listed as deactivated; ended for good, it
     * leaves the list. A deactivation of an install that is no longer the user's active one is a conflict.
     */
    @Test
    void commitWhenAnInstallIsLinkedDeactivatedAndEndedThenTheUserListsItUntilItEndsForGood() {
        User user = createdUser();
        Install install = registeredInstall();
        User active = user.withActive(install.installId(), DeviceClass.PHONE, install.familyId());
        store().commit(Transition.of(new UserWrite.Replace(active))
                .install(install.linked(user.userId(), Optional.empty(), install.familyId(), NOW)).build());

        assertEquals(List.of(install.installId() + " ACTIVE"), listedInstalls(user));

        User replaced = active.withoutActive();
        store().commit(Transition.of(new UserWrite.Replace(replaced))
                .deactivate(install.installId(), InactiveReason.REPLACED_BY_NEWER_INSTALL, NOW).build());

        assertEquals(List.of(install.installId() + " DEACTIVATED"), listedInstalls(user));
        Install deactivated = store().findInstall(install.installId()).orElseThrow();
        assertEquals(InstallState.DEACTIVATED, deactivated.state());
        assertThrows(ConcurrentChangeException.class, () -> store().commit(Transition.of(
                new UserWrite.Replace(replaced.touched()))
                .deactivate(install.installId(), InactiveReason.REPLACED_BY_NEWER_INSTALL, NOW).build()));
        assertEquals(replaced.version(), store().findUser(user.userId()).orElseThrow().version());

        store().commit(Transition.withoutUser().install(deactivated.userDeleted(NOW)).build());

        assertEquals(List.of(), listedInstalls(user));
        assertEquals(InstallState.DELETED, store().findInstall(install.installId()).orElseThrow().state());
    }

    /** DynamoDB refuses a transaction of no action; so does every store, which is how the unit tests see a loop make one. */
    @Test
    void commitWhenATransitionWritesNothingThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> store().commit(Transition.withoutUser().build()));
    }

    /**
     * Commits the transition {@code withHistory} builds when given as many history entries as fill one transaction
     * beside {@code itemsBesideHistory}: refused, as malformed, with one entry more and nothing written; written with
     * exactly as many.
     */
    private void assertOneTransactionHolds(int itemsBesideHistory, IntFunction<Transition> withHistory) {
        int fitting = TRANSACTION_ITEMS - itemsBesideHistory;
        Transition tooLarge = withHistory.apply(fitting + 1);
        Optional<User> before = tooLarge.user().flatMap(write -> store().findUser(write.user().userId()));

        RuntimeException refusal = assertThrows(RuntimeException.class, () -> store().commit(tooLarge));

        assertInstanceOf(IllegalArgumentException.class, refusal, "a transition too large is the caller's fault");
        assertEquals(before, tooLarge.user().flatMap(write -> store().findUser(write.user().userId())));
        store().commit(withHistory.apply(fitting));
    }

    private List<String> listedInstalls(User user) {
        return store().findUserInstalls(user.userId()).orElseThrow().installs().stream()
                .map(install -> install.installId() + " " + install.state()).toList();
    }

    private static Transition withHistory(Transition.Builder transition, int entries) {
        for (int i = 0; i < entries; i++) {
            transition.history(HistoryEntry.of(NOW.plusMillis(i), HistoryEvent.LINKED, "install-" + i));
        }
        return transition.build();
    }

    private User createdUser() {
        User user = User.created(newId("user"), appId, newId("external"), NOW).touched();
        store().commit(Transition.of(new UserWrite.Create(user)).build());
        return store().findUser(user.userId()).orElseThrow();
    }

    private Install registeredInstall() {
        Install install = Install.registered(newId("install"), appId, new Registration(Platform.IOS, DeviceClass.PHONE,
                "1.0.0", Optional.empty()), NOW, NOW.plus(Duration.ofDays(30)), newId("family"));
        installs().create(install, new RefreshFamily(install.familyId(), appId, install.installId(), Optional.empty(), 0,
                "current-hash", Optional.empty(), NOW, NOW, NOW, NOW.plus(Duration.ofDays(90)), Duration.ofDays(30),
                Duration.ofMinutes(15), Optional.empty()));
        return store().findInstall(install.installId()).orElseThrow();
    }

    private static String newId(String kind) {
        return kind + "-" + UUID.randomUUID();
    }
}
