package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.App;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.refresh.RevocationReason;
import io.userlink.support.MemoryUserlink;
import io.userlink.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Deleting a user of any size, and looking users up (README, "Identity rules"). */
class UserDeletionTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final App app = userlink.app();

    @Test
    void deleteWhenMoreInstallsThanOneTransactionHoldsThenAllEndAndAllFamiliesAreRevoked() {
        // given: more installs than one transaction can end, each linked as a tablet (inactive) but the first
        List<String> installs = new ArrayList<>();
        for (int i = 0; i < UserDeletion.INSTALLS_PER_TRANSACTION * 2 + 3; i++) {
            String installId = userlink.register(app, i == 0 ? DeviceClass.PHONE : DeviceClass.TABLET).install().installId();
            userlink.components().linkService().link(app, installId, "alice");
            installs.add(installId);
        }
        User alice = userlink.components().userDirectory().byExternalId(app, "alice").user();

        // when
        userlink.components().userDeletion().delete(app, alice.userId());

        // then
        for (String installId : installs) {
            Install ended = userlink.install(installId);
            assertEquals(InstallState.DELETED, ended.state(), installId);
            assertEquals(Optional.of(InactiveReason.USER_DELETED), ended.inactiveReason());
            assertEquals(Optional.of(RevocationReason.USER_DELETED),
                    userlink.stores().families().find(ended.familyId()).orElseThrow().revocation(), installId);
        }
        User tombstone = userlink.stores().identities().findUser(alice.userId()).orElseThrow();
        assertTrue(tombstone.isDeleted());
        assertEquals(Optional.empty(), tombstone.externalId(), "a tombstone keeps no external id");
        assertEquals(Optional.empty(), userlink.stores().identities().findUserIdByExternalId(app.appId(), "alice"));
        assertEquals(Optional.empty(), userlink.stores().userInstall(alice.userId(), installs.getFirst()), "purged");
    }

    @Test
    void deleteThenTheUserIsGoneForLookupsAndDeletingAgainIsNotFound() {
        String installId = userlink.register(app, DeviceClass.PHONE).install().installId();
        String userId = userlink.components().linkService().link(app, installId, "alice").userId().orElseThrow();

        userlink.components().userDeletion().delete(app, userId);

        assertNotFound(() -> userlink.components().userDirectory().byId(app, userId));
        assertNotFound(() -> userlink.components().userDirectory().byExternalId(app, "alice"));
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
        assertEquals(created, userlink.components().userDirectory().byExternalId(app, "alice").user().userId());
    }

    @Test
    void lookupAndDeleteWhenUserOfAnotherAppThenNotFound() {
        String installId = userlink.register(app, DeviceClass.PHONE).install().installId();
        String userId = userlink.components().linkService().link(app, installId, "alice").userId().orElseThrow();
        App other = userlink.app();

        assertNotFound(() -> userlink.components().userDirectory().byId(other, userId));
        assertNotFound(() -> userlink.components().userDirectory().byExternalId(other, "alice"));
        assertNotFound(() -> userlink.components().userDeletion().delete(other, userId));
        assertEquals(InstallState.ACTIVE, userlink.install(installId).state());
    }

    @Test
    void lookupWhenLinkedThenTheUserWithItsInstallsAndHistory() {
        String phone = userlink.register(app, DeviceClass.PHONE).install().installId();
        String tablet = userlink.register(app, DeviceClass.TABLET).install().installId();
        userlink.components().linkService().link(app, phone, "alice");
        userlink.components().linkService().link(app, tablet, "alice");

        UserRecord record = userlink.components().userDirectory().byExternalId(app, "alice");

        assertEquals(Optional.of("alice"), record.user().externalId());
        assertEquals(2, record.installs().size());
        assertEquals(4, record.history().size(), "created+activated, linked+inactive");
    }

    private static void assertNotFound(Runnable call) {
        assertEquals(ErrorCode.USER_NOT_FOUND, assertThrows(UserlinkException.class, call::run).code());
    }
}
