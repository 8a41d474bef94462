package io.userlink.identity;

import io.userlink.app.App;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.id.RandomIds;
import io.userlink.install.InstallState;
import io.userlink.token.TokenScope;
import java.util.List;
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
 * install if this one was it: no other install is promoted. Signing out is a reset by the signed-in user; a
 * sign-out everywhere and a password change end the user's sessions on its other installs too.
 */
public final class ResetService {

    private final IdentityStore store;
    private final InstallAccess access;
    private final RefreshService refresh;
    private final LoginTokens tokens;
    private final ConflictRetry retry;
    private final RandomIds ids;
    private final InstantSource clock;

    public ResetService(IdentityStore store, InstallAccess access, RefreshService refresh, LoginTokens tokens,
                        ConflictRetry retry, RandomIds ids, InstantSource clock) {
        this.store = Objects.requireNonNull(store);
        this.access = Objects.requireNonNull(access);
        this.refresh = Objects.requireNonNull(refresh);
        this.tokens = Objects.requireNonNull(tokens);
        this.retry = Objects.requireNonNull(retry);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Most installs one transaction ends: each takes four writes beside the user's. */
    static final int INSTALLS_PER_TRANSACTION = 24;

    /**
     * Resets the install the token names.
     *
     * @return the install as it now is, anonymous, and the token pair of its new install login
     */
    public AnonymousInstall reset(App app, AccessToken token, String installId) {
        return detach(app, token, installId, HistoryEvent.RESET, RevocationReason.INSTALL_RESET);
    }

    /**
     * Signs the user of a user token out on its install: the install is reset as by {@link #reset}.
     *
     * @throws UserlinkException {@code INSUFFICIENT_SCOPE} for an install token: nobody is signed in
     */
    public AnonymousInstall signOut(App app, AccessToken token) {
        if (token.scope() != TokenScope.USER) {
            throw new UserlinkException(ErrorCode.INSUFFICIENT_SCOPE, "Signing out needs a user token; nobody is signed in.");
        }
        return detach(app, token, token.installId(), HistoryEvent.SIGNED_OUT, RevocationReason.SIGNED_OUT);
    }

    /**
     * Ends the user's sessions on every install it holds but {@code keptInstallId}: each is detached as by a
     * reset, with a refresh family nobody holds, so its tokens die and its device registers anew.
     */
    public void endOtherSessions(App app, String userId, Optional<String> keptInstallId) {
        boolean more = true;
        while (more) {
            more = retry.run(() -> {
                Instant now = clock.instant();
                Optional<UserInstalls> held = store.findUserInstalls(userId).filter(found -> !found.user().isDeleted());
                if (held.isEmpty()) {
                    return false;
                }
                User user = held.get().user();
                List<Install> others = held.get().installs().stream()
                        .filter(install -> !keptInstallId.equals(Optional.of(install.installId())))
                        .filter(install -> install.state() == InstallState.ACTIVE || install.state() == InstallState.INACTIVE)
                        .toList();
                if (others.isEmpty()) {
                    return false;
                }
                List<Install> ending = others.subList(0, Math.min(INSTALLS_PER_TRANSACTION, others.size()));
                boolean endsActive = ending.stream().anyMatch(install -> user.activeInstallId().equals(Optional.of(install.installId())));
                Transition.Builder transition = Transition.of(new UserWrite.Replace(endsActive ? user.withoutActive() : user.touched()));
                for (Install install : ending) {
                    transition.install(install.reset(ids.familyId(), now.plus(InstallService.UNLINKED_INSTALL_LIFETIME)))
                            .revokeFamily(install.familyId(), RevocationReason.SIGNED_OUT)
                            .history(HistoryEntry.of(now, HistoryEvent.SIGNED_OUT, install.installId()));
                }
                store.commit(transition.build());
                return others.size() > ending.size();
            });
        }
    }

    private AnonymousInstall detach(App app, AccessToken token, String installId, HistoryEvent event,
                                    RevocationReason reason) {
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
                            .history(HistoryEntry.of(now, event, installId)))
                    .orElseGet(Transition::withoutUser);
            store.commit(transition.install(anonymous).newFamily(family)
                    .revokeFamily(install.familyId(), reason).build());
            return anonymous;
        });
        return new AnonymousInstall(reset, tokens.issue(app, installId, Optional.empty(), reset.familyId()));
    }
}
