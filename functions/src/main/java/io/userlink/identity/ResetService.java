package io.userlink.identity;

import io.userlink.app.App;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.Install;
import io.userlink.install.InstallService;
import io.userlink.refresh.LoginTokens;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RefreshService;
import io.userlink.refresh.RevocationReason;
import io.userlink.token.AccessToken;
import io.userlink.user.HistoryEntry;
import io.userlink.user.HistoryEvent;
import io.userlink.user.User;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Resets an install for the next person on a shared device: the user is detached, the install's user tokens
 * revoked, and the install starts anonymous again with a new refresh family. The user keeps no active
 * install if this one was it: no other install is promoted.
 */
public final class ResetService {

    private final IdentityStore store;
    private final InstallAccess access;
    private final RefreshService refresh;
    private final LoginTokens tokens;
    private final ConflictRetry retry;
    private final InstantSource clock;

    public ResetService(IdentityStore store, InstallAccess access, RefreshService refresh, LoginTokens tokens,
                        ConflictRetry retry, InstantSource clock) {
        this.store = Objects.requireNonNull(store);
        this.access = Objects.requireNonNull(access);
        this.refresh = Objects.requireNonNull(refresh);
        this.tokens = Objects.requireNonNull(tokens);
        this.retry = Objects.requireNonNull(retry);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Resets the install the token names.
     *
     * @return the install as it now is, anonymous, and the token pair of its new install login
     */
    public AnonymousInstall reset(App app, AccessToken token, String installId) {
        Install reset = retry.run(() -> {
            Instant now = clock.instant();
            Install install = access.ownInstall(token, installId);
            InstallAccess.requireNotFinal(install);
            RefreshFamily family = refresh.start(app, install.installId(), Optional.empty());
            Install anonymous = install.reset(family.familyId(), now.plus(InstallService.UNLINKED_INSTALL_LIFETIME));
            Optional<User> user = install.userId().flatMap(store::findUser);
            Transition.Builder transition = user
                    .map(found -> Transition.of(new UserWrite.Replace(found.activeInstallId().equals(Optional.of(installId))
                                    ? found.withoutActive()
                                    : found.touched()))
                            .history(HistoryEntry.of(now, HistoryEvent.RESET, installId)))
                    .orElseGet(Transition::withoutUser);
            store.commit(transition.install(anonymous).newFamily(family)
                    .revokeFamily(install.familyId(), RevocationReason.INSTALL_RESET).build());
            return anonymous;
        });
        return new AnonymousInstall(reset, tokens.issue(app, installId, Optional.empty(), reset.familyId()));
    }
}
