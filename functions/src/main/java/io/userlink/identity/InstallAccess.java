package io.userlink.identity;

import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvents;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.refresh.RevocationReason;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Which install an SDK's access token may act on: only its own, and only while the token's session (claim
 * {@code sid}, the refresh family of its login) goes on: the install's current family, not revoked. A session
 * ends at once on sign-out, reset, a new login on the install, refresh token reuse and deactivation, however
 * long the token's signature stays valid. A user token also needs the install still linked to its user, neither
 * deactivated nor deleted.
 */
public final class InstallAccess {

    private final IdentityStore store;
    private final RefreshFamilyStore families;
    private final SecurityEvents events;
    private final InstantSource clock;

    public InstallAccess(IdentityStore store, RefreshFamilyStore families, SecurityEvents events, InstantSource clock) {
        this.store = Objects.requireNonNull(store);
        this.families = Objects.requireNonNull(families);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The install a token names, when it may act on it.
     *
     * @throws UserlinkException {@link ErrorCode#NOT_FOUND} for another install or one that does not exist
     * @throws AuthenticationException for a token whose audience is not the install's app, whose session
     *     ended, or a user token whose user no longer holds the install
     */
    public Install ownInstall(AccessToken token, String installId) {
        return access(token, installId, false);
    }

    /**
     * The install a login (a code redemption, a sign-in) acts on: as {@link #ownInstall}, and also for an install
     * token whose anonymous session was replaced by a login on this install that still holds: the retry of a login
     * whose response was lost, or a new login of the same user.
     */
    public Install loginInstall(AccessToken token) {
        return access(token, token.installId(), true);
    }

    private Install access(AccessToken token, String installId, boolean acceptReplacedByLogin) {
        if (!token.installId().equals(installId)) {
            events.record(SecurityEvent.tokenOfAnotherInstall(token.appId(), token.userId(), token.installId()));
            throw notFound();
        }
        Install install = store.findInstall(installId)
                .filter(found -> !found.isExpiredAt(clock.instant()))
                .orElseThrow(InstallAccess::notFound);
        if (!install.appId().equals(token.appId())) {
            throw new AuthenticationException("token audience is not the install's app");
        }
        if (token.scope() == TokenScope.USER) {
            boolean userStillHolds = install.userId().equals(Optional.of(token.subject()))
                    && install.state() != InstallState.DELETED && install.state() != InstallState.DEACTIVATED;
            if (!userStillHolds) {
                throw new AuthenticationException("user token of an install its user no longer holds");
            }
        }
        // An install token still names a final install, whose operations answer why they are refused.
        boolean finalInstall = install.state() == InstallState.DELETED || install.state() == InstallState.DEACTIVATED;
        if (!finalInstall && !sessionGoesOn(token, install, acceptReplacedByLogin)) {
            throw new AuthenticationException("access token of an ended session");
        }
        return install;
    }

    /**
     * The link status of the install a token names: the user holding it, if one does.
     *
     * @throws UserlinkException as {@link #ownInstall}
     */
    public InstallStatus status(AccessToken token, String installId) {
        Install install = ownInstall(token, installId);
        return new InstallStatus(install, install.userId().filter(user -> install.state() != InstallState.DELETED));
    }

    /**
     * Whether the token's session is the install's current login and its family was not revoked (refresh token
     * reuse revokes a family without changing the install); with {@code acceptReplacedByLogin}, also an install
     * session that a login replaced on this install, while the install stays linked.
     */
    private boolean sessionGoesOn(AccessToken token, Install install, boolean acceptReplacedByLogin) {
        Optional<RefreshFamily> family = families.find(token.sessionId())
                .filter(found -> found.installId().equals(install.installId()));
        if (install.familyId().equals(token.sessionId())) {
            return family.filter(current -> current.revocation().isEmpty()).isPresent();
        }
        return acceptReplacedByLogin && token.scope() == TokenScope.INSTALL && install.userId().isPresent()
                && family.flatMap(RefreshFamily::revocation).equals(Optional.of(RevocationReason.REPLACED_BY_LOGIN));
    }

    /** Refuses an install whose state is final: deactivated or deleted. */
    public static void requireNotFinal(Install install) {
        switch (install.state()) {
            case DEACTIVATED -> throw new UserlinkException(ErrorCode.INSTALL_DEACTIVATED,
                    "This install was deactivated because a newer install of its user became active; register a new install.");
            case DELETED -> throw new UserlinkException(ErrorCode.INSTALL_DELETED, "This install's user was deleted.");
            default -> { }
        }
    }

    private static UserlinkException notFound() {
        return new UserlinkException(ErrorCode.NOT_FOUND, "No such install for this token.");
    }
}
