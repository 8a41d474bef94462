package io.userlink.identity;

import static io.userlink.support.Refusals.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.app.App;
import io.userlink.audit.SecurityEvent;
import io.userlink.error.ErrorCode;
import io.userlink.error.RetryLaterException;
import io.userlink.identity.HistoryWindow;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.install.Install;
import io.userlink.install.InstallService;
import io.userlink.install.InstallState;
import io.userlink.support.MemoryUserlink;
import io.userlink.user.User;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Legacy linking over the in-memory stores; the README's "Identity rules". */
class LinkServiceTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final LinkService links = userlink.components().linkService();
    private final App app = userlink.app();

    @Test
    void linkWhenExternalIdIsNewThenCreatesItsUserWithTheInstallActive() {
        String installId = register(DeviceClass.PHONE);

        Install linked = links.link(app, installId, "alice");

        assertEquals(InstallState.ACTIVE, linked.state());
        User user = userOf("alice");
        assertEquals(linked.userId(), Optional.of(user.userId()));
        assertEquals(Optional.of(installId), user.activeInstallId());
        assertEquals(1, user.version(), "created: the first write of the user");
        assertEquals(linked, userlink.install(installId));
    }

    @Test
    void linkWhenSameInstallAndUserAgainThenNothingChanges() {
        String installId = register(DeviceClass.PHONE);
        Install first = links.link(app, installId, "alice");
        int commits = userlink.stores().commits();

        Install again = links.link(app, installId, "alice");

        assertEquals(first, again);
        assertEquals(commits, userlink.stores().commits(), "no write");
    }

    @Test
    void linkWhenInstallLinkedToAnotherUserThenRefused() {
        String installId = register(DeviceClass.PHONE);
        links.link(app, installId, "alice");

        assertCode(ErrorCode.INSTALL_LINKED_TO_OTHER_USER, () -> links.link(app, installId, "bob"));
        assertEquals(Optional.empty(), userlink.stores().identities().findUserIdByExternalId(app.appId(), "bob"));
    }

    @Test
    void linkWhenUnlinkedInstallExpiredThenNotFoundAsIfDeleted() {
        String installId = register(DeviceClass.PHONE);
        userlink.clock().advance(InstallService.UNLINKED_INSTALL_LIFETIME);

        assertCode(ErrorCode.INSTALL_NOT_FOUND, () -> links.link(app, installId, "alice"));
    }

    @Test
    void linkWhenUnlinkedInstallNotYetExpiredThenLinks() {
        String installId = register(DeviceClass.PHONE);
        userlink.clock().advance(InstallService.UNLINKED_INSTALL_LIFETIME.minusSeconds(1));

        assertEquals(InstallState.ACTIVE, links.link(app, installId, "alice").state());
    }

    @Test
    void linkWhenInstallUnknownOrOfAnotherAppThenTheLegacyErrors() {
        String otherAppsInstall = userlink.register(userlink.app(), DeviceClass.PHONE).install().installId();

        assertCode(ErrorCode.INSTALL_NOT_FOUND, () -> links.link(app, "ins-nosuchinstallnosuchinstall", "alice"));
        assertCode(ErrorCode.INSTALL_DOES_NOT_BELONG_TO_APP, () -> links.link(app, otherAppsInstall, "alice"));
        assertEquals(List.of("authz_fail app=" + app.appId() + " install=" + otherAppsInstall
                + " reason=install-of-another-app"), userlink.securityEvents().stream().map(SecurityEvent::line).toList(),
                "an unknown install is no authorization refused");
    }

    @Test
    void linkWhenNewerPhoneArrivesThenItReplacesTheActiveOne() {
        String old = register(DeviceClass.PHONE);
        links.link(app, old, "alice");
        String newer = register(DeviceClass.PHONE);

        Install linked = links.link(app, newer, "alice");

        assertEquals(InstallState.ACTIVE, linked.state());
        Install replaced = userlink.install(old);
        assertEquals(InstallState.DEACTIVATED, replaced.state());
        assertEquals(Optional.of(InactiveReason.REPLACED_BY_NEWER_INSTALL), replaced.inactiveReason());
        assertEquals(Optional.of(userlink.clock().instant()), replaced.deactivatedAt());
        assertEquals(Optional.of(newer), userOf("alice").activeInstallId());
    }

    @Test
    void linkWhenTabletArrivesWhilePhoneActiveThenTabletInactive() {
        String phone = register(DeviceClass.PHONE);
        links.link(app, phone, "alice");

        Install tablet = links.link(app, register(DeviceClass.TABLET), "alice");

        assertEquals(InstallState.INACTIVE, tablet.state());
        assertEquals(Optional.of(InactiveReason.PHONE_PREFERRED), tablet.inactiveReason());
        assertEquals(Optional.of(phone), userOf("alice").activeInstallId());
        assertEquals(InstallState.ACTIVE, userlink.install(phone).state());
    }

    @Test
    void linkWhenInstallDeactivatedThenRefusedWithItsFinalState() {
        String old = register(DeviceClass.PHONE);
        links.link(app, old, "alice");
        links.link(app, register(DeviceClass.PHONE), "alice");

        assertCode(ErrorCode.INSTALL_DEACTIVATED, () -> links.link(app, old, "alice"));
    }

    /**
     * An external id left naming a deleted user (a restore from backup, a hand edit) must never re-attach an
     * install to the tombstone: the request fails as a conflict it cannot win, and the tombstone stays as it is.
     */
    @Test
    void linkWhenExternalIdStillNamesADeletedUserThenTheTombstoneIsNotReattached() {
        MemoryUserlink impatient = new MemoryUserlink(Duration.ZERO);
        App app = impatient.app();
        String installId = impatient.register(app, DeviceClass.PHONE).install().installId();
        User tombstone = User.created("usr-deleteddeleteddeleteddel", app.appId(), "alice", impatient.clock().instant())
                .touched().deleted(impatient.clock().instant());
        impatient.stores().putUser(tombstone);
        impatient.stores().claimExternalId(app.appId(), "alice", tombstone.userId());

        assertThrows(RetryLaterException.class, () -> impatient.components().linkService().link(app, installId, "alice"));
        assertEquals(Optional.of(tombstone), impatient.stores().identities().findUser(tombstone.userId()));
        assertEquals(InstallState.ANONYMOUS, impatient.install(installId).state());
    }

    private String register(DeviceClass deviceClass) {
        return userlink.register(app, deviceClass).install().installId();
    }

    private User userOf(String externalId) {
        return userlink.components().userDirectory().byExternalId(app, externalId, HistoryWindow.NEWEST).user();
    }
}
