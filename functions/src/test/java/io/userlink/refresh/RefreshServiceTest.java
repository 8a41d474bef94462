package io.userlink.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.app.App;
import io.userlink.app.AppSettings;
import io.userlink.audit.SecurityEvent;
import io.userlink.error.ErrorCode;
import io.userlink.error.GrantException;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.refresh.RefreshService.Refreshed;
import io.userlink.support.MemoryUserlink;
import io.userlink.support.TestKeyRings;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Refresh token rotation with reuse detection (RFC 9700 §4.14.2; README, "Tokens"), over the in-memory stores. */
class RefreshServiceTest {

    private final MemoryUserlink userlink = new MemoryUserlink();
    private final RefreshService refresh = userlink.components().refreshService();
    private final App app = userlink.app(AppSettings.defaults().withAccessTokenLifetime(Duration.ofMinutes(15)));

    @Test
    void refreshWhenCurrentTokenThenTheNextOneOfTheFamilyAndAFreshInstallToken() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        String first = install.tokens().refreshToken();

        Refreshed refreshed = refresh.refresh(first);

        assertEquals(TokenScope.INSTALL, refreshed.scope());
        String second = refreshed.tokens().refreshToken();
        assertEquals(RefreshTokens.familyIdOf(first), RefreshTokens.familyIdOf(second));
        RefreshFamily family = family(second);
        assertEquals(1, family.generation());
        assertEquals(RefreshTokens.hash(second), family.currentHash());
        assertEquals(Optional.of(RefreshTokens.hash(first)), family.previousHash());
        AccessToken access = userlink.verified(refreshed.tokens().accessToken().value());
        assertEquals(install.install().installId(), access.subject());
        assertEquals(Duration.ofMinutes(15), refreshed.tokens().accessToken().expiresIn(), "the app's lifetime at login");
        assertFalse(refreshed.tokens().toString().contains(second), "tokens stay out of logs");
        assertEquals("TokenPair[expiresIn=PT15M]", refreshed.tokens().toString());
    }

    @Test
    void refreshWhenTheInstallWasLinkedSinceThenUserTokens() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        String userId = userlink.components().linkService().link(app, install.install().installId(), "alice")
                .userId().orElseThrow();

        Refreshed refreshed = refresh.refresh(install.tokens().refreshToken());

        assertEquals(TokenScope.USER, refreshed.scope());
        AccessToken access = userlink.verified(refreshed.tokens().accessToken().value());
        assertEquals(userId, access.subject());
        assertEquals(TokenScope.USER, access.scope());
        assertEquals(install.install().installId(), access.installId());
    }

    @Test
    void refreshWhenThePreviousTokenIsRetriedWithinGraceThenTheSameSuccessor() {
        String first = userlink.register(app, DeviceClass.PHONE).tokens().refreshToken();
        String second = refresh.refresh(first).tokens().refreshToken();
        userlink.clock().advance(RefreshService.GRACE.minusSeconds(1));

        assertEquals(second, refresh.refresh(first).tokens().refreshToken());
        assertEquals(1, family(second).generation(), "no new generation");
    }

    @Test
    void refreshWhenThePreviousTokenIsRetriedAfterGraceThenTheFamilyIsRevoked() {
        String first = userlink.register(app, DeviceClass.PHONE).tokens().refreshToken();
        String second = refresh.refresh(first).tokens().refreshToken();
        userlink.clock().advance(RefreshService.GRACE);

        assertInvalidGrant(first);
        assertEquals(Optional.of(RevocationReason.REUSE_DETECTED), family(second).revocation());
        assertInvalidGrant(second);
    }

    /**
     * A reuse is the one refusal of a refresh that may be a theft: the security team's log names it once, and every
     * token of the session presented after it as a use of a session that ended, with why it did.
     */
    @Test
    void refreshWhenAnOlderTokenRevokesTheFamilyThenOneReuseAndThenUsesOfTheEndedSession() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        String userId = userlink.components().linkService().link(app, install.install().installId(), "alice")
                .userId().orElseThrow();
        String first = install.tokens().refreshToken();
        String second = refresh.refresh(first).tokens().refreshToken();
        refresh.refresh(second);
        int before = userlink.securityEvents().size();

        assertInvalidGrant(first);
        assertInvalidGrant(second);
        assertInvalidGrant(first);

        String on = "app=" + app.appId() + " user=" + userId + " install=" + install.install().installId() + " ";
        String session = RefreshTokens.familyIdOf(first).orElseThrow();
        assertEquals(List.of("authn_token_reuse " + on + "session=" + session + " token=refresh",
                        "session_use_after_expire " + on + "reason=reuse-detected session=" + session,
                        "session_use_after_expire " + on + "reason=reuse-detected session=" + session),
                userlink.securityEvents().subList(before, userlink.securityEvents().size()).stream()
                        .map(SecurityEvent::line).toList());
    }

    @Test
    void refreshWhenAnOlderTokenIsPresentedWithinGraceThenTheFamilyIsRevoked() {
        String first = userlink.register(app, DeviceClass.PHONE).tokens().refreshToken();
        String second = refresh.refresh(first).tokens().refreshToken();
        String third = refresh.refresh(second).tokens().refreshToken();

        assertInvalidGrant(first);
        assertEquals(Optional.of(RevocationReason.REUSE_DETECTED), family(third).revocation());
    }

    @Test
    void refreshWhenAFutureGenerationIsPresentedThenInvalidButTheFamilyLives() {
        String first = userlink.register(app, DeviceClass.PHONE).tokens().refreshToken();
        String family = RefreshTokens.familyIdOf(first).orElseThrow();
        String future = new RefreshTokens(userlink.keyRing()::get).token(family, 5);

        assertInvalidGrant(future);
        assertEquals(Optional.empty(), family(first).revocation());
    }

    @Test
    void refreshWhenIdleForItsIdleLifetimeThenExpiredButNotBefore() {
        String first = userlink.register(app, DeviceClass.PHONE).tokens().refreshToken();
        userlink.clock().advance(app.settings().refreshIdleLifetime().minusSeconds(1));
        String second = refresh.refresh(first).tokens().refreshToken();
        userlink.clock().advance(app.settings().refreshIdleLifetime());

        assertInvalidGrant(second);
        assertEquals(SecurityEvent.Kind.SESSION_USE_AFTER_EXPIRE, userlink.securityEvents().getLast().kind());
        assertEquals("expired", userlink.securityEvents().getLast().details().get("reason"));
    }

    @Test
    void refreshWhenUsedContinuouslyThenStillDiesAtTheAbsoluteLifetime() {
        String token = userlink.register(app, DeviceClass.PHONE).tokens().refreshToken();
        Duration step = Duration.ofDays(29);
        for (Duration lived = Duration.ZERO; lived.plus(step).compareTo(app.settings().refreshAbsoluteLifetime()) < 0;
                lived = lived.plus(step)) {
            userlink.clock().advance(step);
            token = refresh.refresh(token).tokens().refreshToken();
        }
        userlink.clock().advance(step);

        assertInvalidGrant(token);
    }

    @Test
    void refreshWhenTheInstallWasReplacedThenInstallDeactivatedAsAnInvalidGrant() {
        AnonymousInstall old = userlink.register(app, DeviceClass.PHONE);
        userlink.components().linkService().link(app, old.install().installId(), "alice");
        userlink.components().linkService().link(app, userlink.register(app, DeviceClass.PHONE).install().installId(), "alice");

        GrantException refused = assertThrows(GrantException.class, () -> refresh.refresh(old.tokens().refreshToken()));

        assertEquals(ErrorCode.INSTALL_DEACTIVATED, refused.code());
        assertEquals("invalid_grant", refused.error());
        assertEquals("install-deactivated", userlink.securityEvents().getLast().details().get("reason"));
    }

    @Test
    void refreshWhenRevokedForAnyOtherReasonThenAPlainInvalidGrant() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        userlink.stores().families().revoke(install.install().familyId(), RevocationReason.USER_DELETED);

        assertInvalidGrant(install.tokens().refreshToken());
    }

    @Test
    void refreshWhenTokenIsNotOursThenInvalidGrantAndTheNamedFamilyLives() {
        String real = userlink.register(app, DeviceClass.PHONE).tokens().refreshToken();
        String family = RefreshTokens.familyIdOf(real).orElseThrow();
        String forged = "ulr_" + family + "_0_" + "A".repeat(43);

        assertInvalidGrant(forged);
        assertInvalidGrant("ulr_nonsense");
        assertInvalidGrant("");
        assertEquals(Optional.empty(), family(real).revocation(), "a made-up token triggers no reuse detection");
    }

    @Test
    void refreshWhenSignedByAnotherRefreshKeyThenInvalidGrant() {
        String real = userlink.register(app, DeviceClass.PHONE).tokens().refreshToken();
        String family = RefreshTokens.familyIdOf(real).orElseThrow();
        String otherDeployment = new RefreshTokens(() -> TestKeyRings.ANOTHER_DEPLOYMENT)
                .token(family, 0);

        assertInvalidGrant(otherDeployment);
    }

    @Test
    void refreshWhenAConcurrentRefreshOfTheSameTokenWinsThenTheSameSuccessor() {
        String first = userlink.register(app, DeviceClass.PHONE).tokens().refreshToken();
        String[] concurrent = new String[1];
        userlink.stores().beforeNextCommit(() -> concurrent[0] = refresh.refresh(first).tokens().refreshToken());

        String mine = refresh.refresh(first).tokens().refreshToken();

        assertEquals(concurrent[0], mine, "the family never branches");
        assertEquals(1, family(mine).generation());
    }

    @Test
    void refreshWhenTheFamilyIsRevokedBetweenItsReadAndItsRotationThenInvalidGrant() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        userlink.stores().beforeNextCommit(() -> userlink.stores().families().revoke(install.install().familyId(),
                RevocationReason.USER_DELETED));

        assertInvalidGrant(install.tokens().refreshToken());
    }

    @Test
    void startThenAFamilyWithTheAppsLifetimesWhoseFirstTokenIsDerived() {
        AnonymousInstall install = userlink.register(app, DeviceClass.PHONE);
        RefreshFamily family = family(install.tokens().refreshToken());

        assertEquals(app.settings().refreshIdleLifetime(), family.idleLifetime());
        assertEquals(userlink.clock().instant().plus(app.settings().refreshAbsoluteLifetime()), family.absoluteExpiry());
        assertEquals(app.settings().accessTokenLifetime(), family.accessTokenLifetime());
        assertEquals(RefreshTokens.hash(install.tokens().refreshToken()), family.currentHash());
        assertNotEquals(install.tokens().refreshToken(), family.currentHash(), "only the hash is stored");
    }

    private RefreshFamily family(String token) {
        return userlink.stores().families().find(RefreshTokens.familyIdOf(token).orElseThrow()).orElseThrow();
    }

    private void assertInvalidGrant(String token) {
        GrantException refused = assertThrows(GrantException.class, () -> refresh.refresh(token));
        assertEquals(ErrorCode.INVALID_GRANT, refused.code());
    }
}
