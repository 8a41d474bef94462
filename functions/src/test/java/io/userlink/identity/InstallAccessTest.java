package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.app.App;
import io.userlink.audit.SecurityEvent;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.GrantException;
import io.userlink.error.UserlinkException;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.InstallService;
import io.userlink.support.MemoryUserlink;
import io.userlink.refresh.RefreshService;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which install an SDK's token may act on, and what its status route shows. */
class InstallAccessTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final InstallAccess access = userlink.components().installAccess();
    private final App app = userlink.app();

    @Test
    void statusWhenAnonymousThenNotLinked() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);

        InstallStatus status = access.status(token(install), id(install));

        assertEquals(Optional.empty(), status.linkedUserId());
        assertEquals(install.install(), status.install());
    }

    @Test
    void statusWhenLinkedThenItsUser() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        String userId = userlink.components().linkService().link(app, id(install), "alice").userId().orElseThrow();

        assertEquals(Optional.of(userId), access.status(token(install), id(install)).linkedUserId());
    }

    @Test
    void statusWhenTheUserWasDeletedThenNotLinkedThoughTheInstallRemembersWhoHeldIt() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        String userId = userlink.components().linkService().link(app, id(install), "alice").userId().orElseThrow();
        userlink.components().userDeletion().delete(app, userId);

        InstallStatus status = access.status(token(install), id(install));

        assertEquals(Optional.empty(), status.linkedUserId());
        assertEquals(Optional.of(userId), status.install().userId());
    }

    @Test
    void ownInstallWhenUnlinkedInstallExpiredThenNotFoundEvenWithAValidToken() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        AccessToken token = token(install);
        userlink.clock().advance(InstallService.UNLINKED_INSTALL_LIFETIME);

        assertEquals(ErrorCode.NOT_FOUND,
                assertThrows(UserlinkException.class, () -> access.ownInstall(token, id(install))).code());
    }

    @Test
    void ownInstallWhenUnlinkedInstallNotYetExpiredThenFound() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        AccessToken token = token(install);
        userlink.clock().advance(InstallService.UNLINKED_INSTALL_LIFETIME.minusSeconds(1));

        assertEquals(install.install(), access.ownInstall(token, id(install)));
    }

    @Test
    void ownInstallWhenAnotherInstallOrAnUnknownOneThenNotFound() {
        AnonymousInstall mine = userlink.register(app, DeviceClass.PHONE);
        AnonymousInstall other = userlink.register(app, DeviceClass.PHONE);
        AccessToken forUnknown = new AccessToken(app.appId(), "ins-unknownunknownunknownunk", "ins-unknownunknownunknownunk",
                token(mine).sessionId(), token(mine).scope(), Instant.MAX, "jti");

        assertEquals(ErrorCode.NOT_FOUND,
                assertThrows(UserlinkException.class, () -> access.ownInstall(token(mine), id(other))).code());
        assertEquals(ErrorCode.NOT_FOUND,
                assertThrows(UserlinkException.class, () -> access.ownInstall(forUnknown, forUnknown.installId())).code());
        assertEquals(List.of("authz_fail app=" + app.appId() + " install=" + id(mine) + " reason=other-install"),
                userlink.securityEvents().stream().map(SecurityEvent::line).toList(),
                "the token's own install, not the one it named; an unknown install of its own is no refusal of access");
    }

    @Test
    void ownInstallWhenTokenAudienceIsAnotherAppThenAuthenticationFails() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        AccessToken original = token(install);
        AccessToken otherApp = new AccessToken(userlink.app().appId(), original.subject(), original.installId(),
                original.sessionId(), original.scope(), original.expiresAt(), original.tokenId());

        assertThrows(AuthenticationException.class, () -> access.ownInstall(otherApp, id(install)));
    }

    @Test
    void ownInstallWhenUserTokenAndTheUserStillHoldsTheInstallThenFound() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        AccessToken userToken = userToken(install, "alice");

        assertEquals(id(install), access.ownInstall(userToken, id(install)).installId());
    }

    @Test
    void ownInstallWhenUserTokenOfADeletedUserThenAuthenticationFails() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        AccessToken userToken = userToken(install, "alice");
        userlink.components().userDeletion().delete(app, userToken.subject());

        assertThrows(AuthenticationException.class, () -> access.ownInstall(userToken, id(install)));
    }

    @Test
    void ownInstallWhenUserTokenOfAnotherUserThenAuthenticationFails() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        AccessToken userToken = userToken(install, "alice");
        AccessToken forged = new AccessToken(userToken.appId(), "usr-someoneelsesomeoneelseso", userToken.installId(),
                userToken.sessionId(), userToken.scope(), userToken.expiresAt(), userToken.tokenId());

        assertThrows(AuthenticationException.class, () -> access.ownInstall(forged, id(install)));
    }

    @Test
    void ownInstallWhenTheInstallWasResetThenItsEarlierTokensAreRefused() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        AccessToken userToken = userToken(install, "alice");
        AnonymousInstall reset = userlink.components().resetService().reset(app, userToken, id(install));

        assertThrows(AuthenticationException.class, () -> access.ownInstall(userToken, id(install)));
        assertThrows(AuthenticationException.class, () -> access.ownInstall(token(install), id(install)));
        assertEquals(id(install), access.ownInstall(token(reset), id(install)).installId());
    }

    @Test
    void ownInstallWhenACodeLoginReplacedTheInstallSessionThenTheInstallTokenIsRefused() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        userToken(install, "alice");

        assertThrows(AuthenticationException.class, () -> access.ownInstall(token(install), id(install)));
    }

    @Test
    void ownInstallWhenTheSessionsRefreshTokenWasReusedThenItsAccessTokenIsRefused() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        String first = install.tokens().refreshToken();
        userlink.components().refreshService().refresh(first);
        userlink.clock().advance(RefreshService.GRACE);
        assertThrows(GrantException.class, () -> userlink.components().refreshService().refresh(first));

        assertThrows(AuthenticationException.class, () -> access.ownInstall(token(install), id(install)));
    }

    @Test
    void ownInstallWhenUserTokenOfADeactivatedInstallThenAuthenticationFails() {
        AnonymousInstall phone = userlink.register(app, DeviceClass.PHONE);
        AccessToken userToken = userToken(phone, "alice");
        userToken(userlink.register(app, DeviceClass.PHONE), "alice");

        assertThrows(AuthenticationException.class, () -> access.ownInstall(userToken, id(phone)));
    }

    @Test
    void loginInstallWhenTheTokensSessionIsAnotherInstallsReplacedOneThenAuthenticationFails() {
        AnonymousInstall first = userlink.register(app, DeviceClass.PHONE);
        userToken(first, "alice");
        AnonymousInstall second = userlink.register(app, DeviceClass.PHONE);
        userToken(second, "bob");
        AccessToken secondsToken = token(second);
        AccessToken borrowedSession = new AccessToken(app.appId(), secondsToken.subject(), id(second),
                token(first).sessionId(), TokenScope.INSTALL, secondsToken.expiresAt(), secondsToken.tokenId());

        assertEquals(id(second), access.loginInstall(secondsToken).installId(), "its own replaced session is accepted");
        assertThrows(AuthenticationException.class, () -> access.loginInstall(borrowedSession));
    }

    private AccessToken userToken(AnonymousInstall install, String externalId) {
        return userlink.verified(userlink.components().authCodeService().redeem(app, token(install),
                userlink.components().authCodeService().issue(app, externalId).code()).tokens().orElseThrow()
                .accessToken().value());
    }

    private AccessToken token(AnonymousInstall install) {
        return userlink.verified(install.tokens().accessToken().value());
    }

    private static String id(AnonymousInstall install) {
        return install.install().installId();
    }
}
