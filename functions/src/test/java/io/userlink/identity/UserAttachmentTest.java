package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.App;
import io.userlink.identity.HistoryWindow;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.refresh.RevocationReason;
import io.userlink.support.MemoryUserlink;
import io.userlink.user.HistoryEntry;
import io.userlink.user.HistoryEvent;
import io.userlink.user.User;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The branches of {@link UserAttachment} that only a race reaches, made deterministic: another request's link
 * is committed between this request's reads and its commit ({@code beforeNextCommit}), so this one loses its
 * first attempt and retries from what it now reads.
 */
class UserAttachmentTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final LinkService links = userlink.components().linkService();
    private final App app = userlink.app();

    @Test
    void attachWhenAnotherPhoneWasActivatedMeanwhileThenLinkedAndAtOnceReplacedWithoutTouchingTheUser() {
        // given: alice's phone is active; this request links a second phone while a third one links too
        links.link(app, register(DeviceClass.PHONE), "alice");
        String mine = register(DeviceClass.PHONE);
        String concurrent = register(DeviceClass.PHONE);
        userlink.stores().beforeNextCommit(() -> links.link(app, concurrent, "alice"));

        // when
        Install attached = links.link(app, mine, "alice");

        // then: ordered before the concurrent activation, as two overlapping requests may be
        assertEquals(InstallState.DEACTIVATED, attached.state());
        assertEquals(Optional.of(InactiveReason.REPLACED_BY_NEWER_INSTALL), attached.inactiveReason());
        User alice = userOf("alice");
        assertEquals(Optional.of(concurrent), alice.activeInstallId(), "the concurrent activation stands");
        assertEquals(2, alice.version(), "created, then the concurrent link: this request only checked the user");
        assertEquals(List.of(HistoryEvent.LINKED, HistoryEvent.DEACTIVATED), eventsOf(alice, mine));
        assertEquals(Optional.of(attached), userlink.stores().userInstall(alice.userId(), mine), "the lookup lists it");
    }

    @Test
    void attachWhenATabletWasActivatedMeanwhileThenThisPhoneStillReplacesIt() {
        // given: alice has no active install (her phone was reset); this phone links while a tablet links too
        AnonymousInstall first = userlink.register(app, DeviceClass.PHONE);
        links.link(app, first.install().installId(), "alice");
        userlink.components().resetService().reset(app, userlink.verified(first.tokens().accessToken().value()),
                first.install().installId());
        String phone = register(DeviceClass.PHONE);
        String tablet = register(DeviceClass.TABLET);
        userlink.stores().beforeNextCommit(() -> links.link(app, tablet, "alice"));

        // when
        Install attached = links.link(app, phone, "alice");

        // then: a phone arriving after a tablet would replace it, so it does
        assertEquals(InstallState.ACTIVE, attached.state());
        assertEquals(InstallState.DEACTIVATED, userlink.install(tablet).state());
        assertEquals(Optional.of(phone), userOf("alice").activeInstallId());
    }

    @Test
    void attachWhenATabletLinksWhileAPhoneWasActivatedMeanwhileThenTheTabletIsReplaced() {
        links.link(app, register(DeviceClass.TABLET), "alice");
        String tablet = register(DeviceClass.TABLET);
        String phone = register(DeviceClass.PHONE);
        userlink.stores().beforeNextCommit(() -> links.link(app, phone, "alice"));

        Install attached = links.link(app, tablet, "alice");

        assertEquals(InstallState.DEACTIVATED, attached.state());
        assertEquals(Optional.of(phone), userOf("alice").activeInstallId());
    }

    @Test
    void attachWhenTheUserChangedMeanwhileButNotItsActiveInstallThenThePolicyDecidesAsUsual() {
        // given: alice's phone is active; a tablet links (and stays inactive) while this request links a new phone
        String old = register(DeviceClass.PHONE);
        links.link(app, old, "alice");
        String mine = register(DeviceClass.PHONE);
        String tablet = register(DeviceClass.TABLET);
        userlink.stores().beforeNextCommit(() -> links.link(app, tablet, "alice"));

        // when: the first attempt loses on the user's version, the retry sees the same active install
        Install attached = links.link(app, mine, "alice");

        // then
        assertEquals(InstallState.ACTIVE, attached.state());
        assertEquals(InstallState.DEACTIVATED, userlink.install(old).state());
        assertEquals(InstallState.INACTIVE, userlink.install(tablet).state());
    }

    @Test
    void attachWhenTheActiveInstallIsReplacedThenItsFamilyIsRevokedAndHistoryTellsTheStory() {
        String old = register(DeviceClass.PHONE);
        links.link(app, old, "alice");
        String newer = register(DeviceClass.PHONE);

        links.link(app, newer, "alice");

        String oldFamily = userlink.install(old).familyId();
        assertEquals(Optional.of(RevocationReason.INSTALL_DEACTIVATED),
                userlink.stores().families().find(oldFamily).orElseThrow().revocation());
        assertEquals(Optional.of(userOf("alice").userId()),
                userlink.stores().families().find(userlink.install(newer).familyId()).orElseThrow().userId(),
                "the linked install's family now refreshes to user tokens");
        User alice = userOf("alice");
        assertEquals(List.of(HistoryEvent.CREATED, HistoryEvent.ACTIVATED, HistoryEvent.DEACTIVATED), eventsOf(alice, old));
        assertEquals(List.of(HistoryEvent.LINKED, HistoryEvent.ACTIVATED), eventsOf(alice, newer));
        assertTrue(userlink.components().userDirectory().byId(app, alice.userId(), HistoryWindow.NEWEST).history().stream()
                .filter(entry -> entry.event() == HistoryEvent.DEACTIVATED)
                .allMatch(entry -> entry.reason().equals(Optional.of(InactiveReason.REPLACED_BY_NEWER_INSTALL))));
    }

    @Test
    void attachWhenTabletStaysInactiveThenHistoryGivesTheReasonAndTheUserKeepsItsPhone() {
        String phone = register(DeviceClass.PHONE);
        links.link(app, phone, "alice");
        String tablet = register(DeviceClass.TABLET);

        links.link(app, tablet, "alice");

        User alice = userOf("alice");
        assertEquals(List.of(HistoryEvent.LINKED, HistoryEvent.INACTIVE), eventsOf(alice, tablet));
        assertEquals(Optional.empty(), userlink.stores().families().find(userlink.install(phone).familyId()).orElseThrow()
                .revocation(), "the phone's tokens live on");
    }

    private List<HistoryEvent> eventsOf(User user, String installId) {
        return userlink.components().userDirectory().byId(app, user.userId(), HistoryWindow.NEWEST).history().stream()
                .filter(entry -> entry.installId().equals(installId)).map(HistoryEntry::event).toList();
    }

    private String register(DeviceClass deviceClass) {
        return userlink.register(app, deviceClass).install().installId();
    }

    private User userOf(String externalId) {
        return userlink.components().userDirectory().byExternalId(app, externalId, HistoryWindow.NEWEST).user();
    }
}
