package io.userlink.authcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.App;
import io.userlink.audit.SecurityEvent;
import io.userlink.authcode.AuthCodeService.IssuedCode;
import io.userlink.authcode.AuthCodeService.Redemption;
import io.userlink.credential.SecretToken;
import io.userlink.credential.Sha256;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.identity.HistoryWindow;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.InstallState;
import io.userlink.refresh.RefreshTokens;
import io.userlink.refresh.RevocationReason;
import io.userlink.support.MemoryUserlink;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Authentication codes: issued for an external id, redeemed once by an install (README, "Identity rules"). */
class AuthCodeServiceTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final AuthCodeService codes = userlink.components().authCodeService();
    private final App app = userlink.app();

    @Test
    void issueThenACodeOfOurShapeWhoseHashAloneIsStored() {
        IssuedCode issued = codes.issue(app, "alice@example.com");

        assertTrue(SecretToken.parse(SecretToken.AUTHENTICATION_CODE_PREFIX, issued.code()).isPresent());
        assertEquals(userlink.clock().instant().plus(app.settings().authCodeLifetime()), issued.expiresAt());
        AuthCode stored = userlink.stores().codes().find(Sha256.hex(issued.code())).orElseThrow();
        assertEquals("alice@example.com", stored.externalId());
        assertFalse(stored.toString().contains("alice"), "the external id stays out of logs");
        assertTrue(stored.toString().contains(app.appId()));
        assertFalse(issued.toString().contains(issued.code()), "the code stays out of logs");
        assertTrue(issued.toString().contains(issued.expiresAt().toString()));
        assertEquals(Optional.empty(), issued.userId(), "no user yet");
    }

    @Test
    void issueWhenTheExternalIdNamesAUserThenSaysWhichForInformation() {
        String userId = redeem(install(DeviceClass.PHONE), "alice").user().userId();

        assertEquals(Optional.of(userId), codes.issue(app, "alice").userId());
    }

    @Test
    void redeemWhenNewExternalIdThenCreatesTheUserWithUserTokens() {
        AnonymousInstall phone = install(DeviceClass.PHONE);

        Redemption redemption = redeem(phone, "alice");

        assertTrue(redemption.created());
        assertEquals(InstallState.ACTIVE, redemption.install().state());
        assertEquals(Optional.of("alice"), redemption.user().externalId());
        AccessToken userToken = userlink.verified(redemption.tokens().orElseThrow().accessToken().value());
        assertEquals(TokenScope.USER, userToken.scope());
        assertEquals(redemption.user().userId(), userToken.subject());
        assertEquals(id(phone), userToken.installId());
        assertEquals(TokenScope.USER, userlink.components().refreshService()
                .refresh(redemption.tokens().orElseThrow().refreshToken()).scope(), "the refresh token is the user's too");
    }

    @Test
    void redeemWhenKnownExternalIdOnANewPhoneThenRestoresTheUserAndRevokesTheOldLogin() {
        AnonymousInstall old = install(DeviceClass.PHONE);
        Redemption first = redeem(old, "alice");
        String oldFamily = userlink.install(id(old)).familyId();

        Redemption restored = redeem(install(DeviceClass.PHONE), "alice");

        assertFalse(restored.created());
        assertEquals(first.user().userId(), restored.user().userId());
        assertEquals(InstallState.DEACTIVATED, userlink.install(id(old)).state());
        assertEquals(Optional.of(RevocationReason.INSTALL_DEACTIVATED),
                userlink.stores().families().find(oldFamily).orElseThrow().revocation());
    }

    @Test
    void redeemWhenTheInstallAnonymousFamilyIsReplacedByTheLoginsFamily() {
        AnonymousInstall phone = install(DeviceClass.PHONE);
        String anonymousFamily = phone.install().familyId();

        Redemption redemption = redeem(phone, "alice");

        String loginFamily = RefreshTokens.familyIdOf(redemption.tokens().orElseThrow().refreshToken()).orElseThrow();
        assertNotEquals(anonymousFamily, loginFamily);
        assertEquals(loginFamily, userlink.install(id(phone)).familyId());
        assertEquals(Optional.of(RevocationReason.REPLACED_BY_LOGIN),
                userlink.stores().families().find(anonymousFamily).orElseThrow().revocation());
    }

    @Test
    void redeemWhenTheSameUserAgainOnItsActiveInstallThenANewLoginAndTheInstallStaysActive() {
        AnonymousInstall phone = install(DeviceClass.PHONE);
        Redemption first = redeem(phone, "alice");

        Redemption again = redeem(phone, "alice");

        assertFalse(again.created());
        assertEquals(InstallState.ACTIVE, again.install().state());
        assertEquals(first.user().userId(), again.user().userId());
        assertNotEquals(first.tokens().orElseThrow().refreshToken(), again.tokens().orElseThrow().refreshToken());
        assertRevoked(first, RevocationReason.REPLACED_BY_LOGIN);
        assertEquals(Optional.of(id(phone)), userlink.components().userDirectory().byId(app, first.user().userId(), HistoryWindow.NEWEST)
                .user().activeInstallId());
    }

    @Test
    void redeemWhenTabletWhilePhoneActiveThenRestoredInactiveWithoutTokens() {
        redeem(install(DeviceClass.PHONE), "alice");

        Redemption tablet = redeem(install(DeviceClass.TABLET), "alice");

        assertEquals(InstallState.INACTIVE, tablet.install().state());
        assertEquals(Optional.empty(), tablet.tokens());
    }

    @Test
    void redeemWhenRetriedBySameInstallWithinTheWindowThenTheSameOutcome() {
        AnonymousInstall phone = install(DeviceClass.PHONE);
        String code = codes.issue(app, "alice").code();
        Redemption first = codes.redeem(app, token(phone), code);
        userlink.clock().advance(AuthCodeService.RETRY_WINDOW.minusSeconds(1));

        Redemption retried = codes.redeem(app, token(phone), code);

        assertEquals(first.user().userId(), retried.user().userId());
        assertTrue(retried.created(), "as the first answer said");
        assertEquals(first.tokens().orElseThrow().refreshToken(), retried.tokens().orElseThrow().refreshToken());
    }

    @Test
    void redeemWhenRetriedAfterTheWindowThenInvalidAndTheLoginIsRevoked() {
        AnonymousInstall phone = install(DeviceClass.PHONE);
        String code = codes.issue(app, "alice").code();
        Redemption first = codes.redeem(app, token(phone), code);
        userlink.clock().advance(AuthCodeService.RETRY_WINDOW);

        assertInvalid(() -> codes.redeem(app, token(phone), code));
        assertRevoked(first, RevocationReason.CODE_REUSED);
    }

    @Test
    void redeemWhenAnotherInstallPresentsAUsedCodeThenInvalidAndTheFirstLoginIsRevoked() {
        String code = codes.issue(app, "alice").code();
        Redemption first = codes.redeem(app, token(install(DeviceClass.PHONE)), code);

        assertInvalid(() -> codes.redeem(app, token(install(DeviceClass.PHONE)), code));
        assertRevoked(first, RevocationReason.CODE_REUSED);
    }

    /** A code is a login: its use and its refusal are security events, and a leaked code's second use a reuse. */
    @Test
    void redeemThenALoginAndWhenUsedAgainElsewhereAFailureAndAReuseOfTheFirstLoginsSession() {
        String code = codes.issue(app, "alice").code();
        AnonymousInstall phone = install(DeviceClass.PHONE);
        AnonymousInstall other = install(DeviceClass.PHONE);
        Redemption first = codes.redeem(app, token(phone), code);

        assertInvalid(() -> codes.redeem(app, token(other), code));
        assertInvalid(() -> codes.redeem(app, token(other), "ulc_not-a-code"));

        String user = first.user().userId();
        String session = RefreshTokens.familyIdOf(first.tokens().orElseThrow().refreshToken()).orElseThrow();
        assertEquals(List.of(
                "authn_login_success app=" + app.appId() + " user=" + user + " install=" + id(phone)
                        + " operation=authentication-code user_created=true",
                "authn_token_reuse app=" + app.appId() + " user=" + user + " install=" + id(phone) + " session=" + session
                        + " token=authentication-code",
                "authn_login_fail app=" + app.appId() + " install=" + id(other)
                        + " operation=authentication-code reason=invalid-code",
                "authn_login_fail app=" + app.appId() + " install=" + id(other)
                        + " operation=authentication-code reason=invalid-code"),
                userlink.securityEvents().stream().map(SecurityEvent::line).toList());
    }

    @Test
    void redeemWhenCodeExpiredThenInvalid() {
        String code = codes.issue(app, "alice").code();
        userlink.clock().advance(app.settings().authCodeLifetime());

        assertInvalid(() -> codes.redeem(app, token(install(DeviceClass.PHONE)), code));
    }

    @Test
    void redeemWhenCodeJustBeforeExpiryThenRedeemed() {
        String code = codes.issue(app, "alice").code();
        userlink.clock().advance(app.settings().authCodeLifetime().minusSeconds(1));

        assertTrue(codes.redeem(app, token(install(DeviceClass.PHONE)), code).created());
    }

    @Test
    void redeemWhenCodeOfAnotherAppThenInvalid() {
        App other = userlink.app();
        String code = codes.issue(other, "alice").code();

        assertInvalid(() -> codes.redeem(app, token(install(DeviceClass.PHONE)), code));
    }

    @Test
    void redeemWhenCodeMalformedOrUnknownThenInvalidAlike() {
        AccessToken token = token(install(DeviceClass.PHONE));
        String unknown = SecretToken.generate(SecretToken.AUTHENTICATION_CODE_PREFIX, "abcdefghijklmnop",
                userlink.ids().random()).value();

        assertInvalid(() -> codes.redeem(app, token, "ulc_not-a-code"));
        assertInvalid(() -> codes.redeem(app, token, unknown));
    }

    @Test
    void redeemWhenUserTokenThenInsufficientScope() {
        AnonymousInstall phone = install(DeviceClass.PHONE);
        AccessToken userToken = userlink.verified(redeem(phone, "alice").tokens().orElseThrow().accessToken().value());

        UserlinkException refused = assertThrows(UserlinkException.class,
                () -> codes.redeem(app, userToken, codes.issue(app, "alice").code()));

        assertEquals(ErrorCode.INSUFFICIENT_SCOPE, refused.code());
    }

    @Test
    void redeemWhenInstallLinkedToAnotherUserThenRefusedAndTheCodeStaysUnused() {
        AnonymousInstall phone = install(DeviceClass.PHONE);
        userlink.components().linkService().link(app, id(phone), "alice");
        String code = codes.issue(app, "bob").code();

        UserlinkException refused = assertThrows(UserlinkException.class, () -> codes.redeem(app, token(phone), code));

        assertEquals(ErrorCode.INSTALL_LINKED_TO_OTHER_USER, refused.code());
        assertEquals(Optional.empty(), userlink.stores().codes().find(Sha256.hex(code)).orElseThrow().redemption());
    }

    @Test
    void redeemWhenInstallDeactivatedThenRefusedBeforeTheCodeIsLookedAt() {
        AnonymousInstall old = install(DeviceClass.PHONE);
        redeem(old, "alice");
        redeem(install(DeviceClass.PHONE), "alice");

        String unknown = SecretToken.generate(SecretToken.AUTHENTICATION_CODE_PREFIX, "abcdefghijklmnop",
                userlink.ids().random()).value();

        UserlinkException refused = assertThrows(UserlinkException.class, () -> codes.redeem(app, token(old), unknown));

        assertEquals(ErrorCode.INSTALL_DEACTIVATED, refused.code());
    }

    @Test
    void redeemWhenRetriedAfterTheInstallWasResetThenInvalidAndNoTokensForTheDetachedUser() {
        AnonymousInstall phone = install(DeviceClass.PHONE);
        String code = codes.issue(app, "alice").code();
        Redemption first = codes.redeem(app, token(phone), code);
        AnonymousInstall reset = userlink.components().resetService().reset(app,
                userlink.verified(first.tokens().orElseThrow().accessToken().value()), id(phone));

        assertInvalid(() -> codes.redeem(app, userlink.verified(reset.tokens().accessToken().value()), code));
    }

    @Test
    void redeemWhenTheUsersInstallsEndedMeanwhileThenARetryIsRefused() {
        AnonymousInstall phone = install(DeviceClass.PHONE);
        String code = codes.issue(app, "alice").code();
        Redemption first = codes.redeem(app, token(phone), code);
        userlink.components().userDeletion().delete(app, first.user().userId());

        UserlinkException refused = assertThrows(UserlinkException.class, () -> codes.redeem(app, token(phone), code));

        assertEquals(ErrorCode.INSTALL_DELETED, refused.code());
    }

    private Redemption redeem(AnonymousInstall install, String externalId) {
        return codes.redeem(app, token(install), codes.issue(app, externalId).code());
    }

    private void assertRevoked(Redemption login, RevocationReason reason) {
        String family = RefreshTokens.familyIdOf(login.tokens().orElseThrow().refreshToken()).orElseThrow();
        assertEquals(Optional.of(reason), userlink.stores().families().find(family).orElseThrow().revocation());
    }

    private static void assertInvalid(Runnable call) {
        assertEquals(ErrorCode.INVALID_AUTHENTICATION_CODE, assertThrows(UserlinkException.class, call::run).code());
    }

    private AnonymousInstall install(DeviceClass deviceClass) {
        return userlink.register(app, deviceClass);
    }

    private AccessToken token(AnonymousInstall install) {
        return userlink.verified(install.tokens().accessToken().value());
    }

    private static String id(AnonymousInstall install) {
        return install.install().installId();
    }
}
