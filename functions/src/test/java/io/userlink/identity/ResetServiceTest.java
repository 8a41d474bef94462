package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.userlink.app.App;
import io.userlink.app.DevicePolicy;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.identity.HistoryWindow;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.Install;
import io.userlink.install.InstallService;
import io.userlink.install.InstallState;
import io.userlink.refresh.RefreshTokens;
import io.userlink.refresh.RevocationReason;
import io.userlink.support.MemoryUserlink;
import io.userlink.support.StoppingIdentityStore;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import io.userlink.user.HistoryEvent;
import io.userlink.user.User;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resetting an install for the next person on a shared device (README, "Identity rules"). */
class ResetServiceTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final ResetService resets = userlink.components().resetService();
    private final App app = userlink.app();

    @Test
    void resetWhenTheUsersActiveInstallThenTheUserKeepsNoActiveInstallAndTheInstallStartsAnonymous() {
        AnonymousInstall phone = linked(DeviceClass.PHONE, "alice");
        String userId = userOf("alice").userId();

        AnonymousInstall reset = resets.reset(app, token(phone), id(phone));

        assertEquals(InstallState.ANONYMOUS, reset.install().state());
        assertEquals(Optional.empty(), reset.install().userId());
        assertEquals(Optional.of(userlink.clock().instant().plus(InstallService.UNLINKED_INSTALL_LIFETIME)),
                reset.install().expiresAt());
        User alice = userlink.stores().identities().findUser(userId).orElseThrow();
        assertEquals(Optional.empty(), alice.activeInstallId(), "no other install is promoted");
        assertEquals(Optional.empty(), alice.activeFamilyId());
        assertEquals(Optional.empty(), userlink.stores().userInstall(userId, id(phone)), "the lookup no longer lists it");
        assertEquals(HistoryEvent.RESET, userlink.components().userDirectory().byId(app, userId, HistoryWindow.NEWEST).history().getLast().event());
    }

    @Test
    void resetWhenAnInactiveInstallThenTheActiveOneStaysActive() {
        AnonymousInstall phone = linked(DeviceClass.PHONE, "alice");
        AnonymousInstall tablet = linked(DeviceClass.TABLET, "alice");

        resets.reset(app, token(tablet), id(tablet));

        assertEquals(Optional.of(id(phone)), userOf("alice").activeInstallId());
        assertEquals(InstallState.ACTIVE, userlink.install(id(phone)).state());
    }

    @Test
    void resetThenNewInstallTokensAndTheOldFamilyRevoked() {
        AnonymousInstall phone = linked(DeviceClass.PHONE, "alice");
        String oldFamily = userlink.install(id(phone)).familyId();

        AnonymousInstall reset = resets.reset(app, token(phone), id(phone));

        assertNotEquals(oldFamily, reset.install().familyId());
        assertEquals(Optional.of(RevocationReason.INSTALL_RESET),
                userlink.stores().families().find(oldFamily).orElseThrow().revocation());
        assertEquals(TokenScope.INSTALL, userlink.verified(reset.tokens().accessToken().value()).scope());
        assertEquals(id(phone), userlink.verified(reset.tokens().accessToken().value()).subject());
        assertEquals(Optional.of(reset.install().familyId()),
                userlink.components().refreshService().refresh(reset.tokens().refreshToken()).tokens().refreshToken()
                        .transform(RefreshTokens::familyIdOf));
        assertEquals(reset.install(), userlink.install(id(phone)));
    }

    @Test
    void resetWhenAnonymousThenANewLoginAndNoUserTouched() {
        AnonymousInstall anonymous = userlink.register(app, DeviceClass.PHONE);

        AnonymousInstall reset = resets.reset(app, token(anonymous), id(anonymous));

        assertNotEquals(anonymous.install().familyId(), reset.install().familyId());
        assertEquals(InstallState.ANONYMOUS, reset.install().state());
    }

    @Test
    void resetWhenInstallDeactivatedThenRefusedAndItsFamilyStaysDead() {
        AnonymousInstall old = linked(DeviceClass.PHONE, "alice");
        linked(DeviceClass.PHONE, "alice");

        UserlinkException refused = assertThrows(UserlinkException.class, () -> resets.reset(app, token(old), id(old)));

        assertEquals(ErrorCode.INSTALL_DEACTIVATED, refused.code());
        Install stored = userlink.install(id(old));
        assertEquals(InstallState.DEACTIVATED, stored.state(), "the device policy is not undone");
        assertEquals(Optional.of(RevocationReason.INSTALL_DEACTIVATED),
                userlink.stores().families().find(stored.familyId()).orElseThrow().revocation());
    }

    @Test
    void resetWhenTheUserWasDeletedThenRefused() {
        AnonymousInstall phone = linked(DeviceClass.PHONE, "alice");
        userlink.components().userDeletion().delete(app, userOf("alice").userId());

        UserlinkException refused = assertThrows(UserlinkException.class, () -> resets.reset(app, token(phone), id(phone)));

        assertEquals(ErrorCode.INSTALL_DELETED, refused.code());
        assertEquals(InstallState.DELETED, userlink.install(id(phone)).state());
    }

    @Test
    void endOtherSessionsWhenTheUserWasDeletedMeanwhileThenReturnsWithoutWriting() {
        AnonymousInstall phone = linked(DeviceClass.PHONE, "alice");
        String userId = userOf("alice").userId();
        userlink.components().userDeletion().delete(app, userId);
        int commits = userlink.stores().commits();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> resets.endOtherSessions(app, userId, Optional.of(id(phone))),
                "a user gone while a password change ends the other sessions leaves nothing to end");

        assertEquals(commits, userlink.stores().commits());
    }

    /**
     * A deletion stopped with installs still to end (more than its first transaction ends): those are the deletion's
     * to end, as deleted, and a password change or reset meanwhile leaves them and the tombstone alone.
     */
    @Test
    void endOtherSessionsWhenTheUsersDeletionStoppedWithInstallsLeftThenLeavesThemToTheDeletion() {
        App manyActive = userlink.app(app.settings().withDevicePolicy(DevicePolicy.MANY_ACTIVE));
        for (int i = 0; i <= UserDeletion.INSTALLS_PER_TRANSACTION; i++) {
            userlink.components().linkService().link(manyActive, id(userlink.register(manyActive, DeviceClass.PHONE)), "alice");
        }
        String userId = userlink.components().userDirectory().byExternalId(manyActive, "alice", HistoryWindow.NEWEST).user().userId();
        userlink.identities().stoppingAtCommit(2);
        assertThrows(StoppingIdentityStore.Stopped.class, () -> userlink.components().userDeletion().delete(manyActive, userId));
        Install left = userlink.stores().identities().findUserInstalls(userId).orElseThrow().installs().getFirst();
        assertEquals(InstallState.ACTIVE, left.state(), "a session the change would end, were the user not deleted");
        int commits = userlink.stores().commits();

        resets.endOtherSessions(manyActive, userId, Optional.empty());

        assertEquals(commits, userlink.stores().commits());
    }

    @Test
    void resetWhenTokenOfAnotherInstallThenNotFound() {
        AnonymousInstall mine = userlink.register(app, DeviceClass.PHONE);
        AnonymousInstall other = userlink.register(app, DeviceClass.PHONE);

        assertEquals(ErrorCode.NOT_FOUND,
                assertThrows(UserlinkException.class, () -> resets.reset(app, token(mine), id(other))).code());
    }

    @Test
    void resetWhenUserTokenOfAnInstallAlreadyResetThenRefused() {
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);
        String userToken = userlink.components().authCodeService().redeem(app, token(phone),
                userlink.components().authCodeService().issue(app, "alice").code()).tokens().orElseThrow()
                .accessToken().value();
        resets.reset(app, userlink.verified(userToken), id(phone));

        assertThrows(AuthenticationException.class, () -> resets.reset(app, userlink.verified(userToken), id(phone)));
    }

    private AnonymousInstall linked(DeviceClass deviceClass, String externalId) {
        AnonymousInstall install = userlink.register(app, deviceClass);
        userlink.components().linkService().link(app, id(install), externalId);
        return install;
    }

    private AccessToken token(AnonymousInstall install) {
        return userlink.verified(install.tokens().accessToken().value());
    }

    private static String id(AnonymousInstall install) {
        return install.install().installId();
    }

    private User userOf(String externalId) {
        return userlink.components().userDirectory().byExternalId(app, externalId, HistoryWindow.NEWEST).user();
    }
}
