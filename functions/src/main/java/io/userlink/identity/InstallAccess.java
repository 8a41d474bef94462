package io.userlink.identity;

import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Which install an SDK's access token may act on: only its own, and a user token only while the install is
 * still linked to that user (a reset install's or a deleted user's user tokens are dead, however long their
 * signature stays valid).
 */
public final class InstallAccess {

    private final IdentityStore store;
    private final InstantSource clock;

    public InstallAccess(IdentityStore store, InstantSource clock) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The install a token names, when it may act on it.
     *
     * @throws UserlinkException {@link ErrorCode#NOT_FOUND} for another install or one that does not exist
     * @throws AuthenticationException for a token whose audience is not the install's app, or a user token
     *     whose user no longer holds the install
     */
    public Install ownInstall(AccessToken token, String installId) {
        if (!token.installId().equals(installId)) {
            throw notFound();
        }
        Install install = store.findInstall(installId)
                .filter(found -> !found.isExpiredAt(clock.instant()))
                .orElseThrow(InstallAccess::notFound);
        if (!install.appId().equals(token.appId())) {
            throw new AuthenticationException("token audience is not the install's app");
        }
        boolean userTokenStillHolds = install.userId().equals(Optional.of(token.subject()))
                && install.state() != InstallState.DELETED;
        if (token.scope() == TokenScope.USER && !userTokenStillHolds) {
            throw new AuthenticationException("user token of an install its user no longer holds");
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
