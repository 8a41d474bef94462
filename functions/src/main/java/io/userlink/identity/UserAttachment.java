package io.userlink.identity;

import io.userlink.app.App;
import io.userlink.device.ActiveDevicePolicy;
import io.userlink.device.ActiveDevicePolicy.ActiveInstall;
import io.userlink.device.ActiveDevicePolicy.Activate;
import io.userlink.device.ActiveDevicePolicy.StayInactive;
import io.userlink.install.InactiveReason;
import io.userlink.install.Install;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RefreshService;
import io.userlink.refresh.RevocationReason;
import io.userlink.user.HistoryEntry;
import io.userlink.user.HistoryEvent;
import io.userlink.user.User;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes how an install joins a user, for legacy linking and for restoration alike: the one-active-device
 * policy decides, the previous active install is deactivated (its refresh family revoked), and every step
 * lands in the user's history.
 */
public final class UserAttachment {

    /** How the install came to the user. */
    public enum Login {
        /** Legacy linking: the install's current refresh family is bound to the user. */
        LINK,
        /** Restoration with an authentication code: a new refresh family for the user replaces the install's. */
        CODE
    }

    /**
     * The outcome, before it is committed.
     *
     * @param newFamily the family of the new login, when the install became active through a code
     */
    public record Attachment(User user, Install install, boolean created, Optional<RefreshFamily> newFamily,
                             Transition.Builder transition) {}

    private final ActiveDevicePolicy policy;
    private final RefreshService refresh;

    public UserAttachment(ActiveDevicePolicy policy, RefreshService refresh) {
        this.policy = Objects.requireNonNull(policy);
        this.refresh = Objects.requireNonNull(refresh);
    }

    /**
     * Attaches {@code install} to {@code user} (a new user when {@code created}).
     *
     * @param created whether {@code user} is new: its external id is claimed in the same transaction
     * @param activatedConcurrently whether the user's active install changed while this request ran
     */
    public Attachment attach(App app, Install install, User user, boolean created, Login login,
                             boolean activatedConcurrently, Instant now) {
        Optional<ActiveInstall> current = user.activeInstallId()
                .filter(active -> !active.equals(install.installId()))
                .map(active -> new ActiveInstall(active, user.activeDeviceClass().orElseThrow()));
        HistoryEvent joined = created ? HistoryEvent.CREATED : login == Login.LINK ? HistoryEvent.LINKED : HistoryEvent.RESTORED;
        if (activatedConcurrently && current.isPresent() && wouldReplace(current.get(), install)) {
            return superseded(install, user, joined, now);
        }
        return switch (policy.decide(current, install.deviceClass())) {
            case Activate activate -> activate(app, install, user, created, login, activate, joined, now);
            case StayInactive inactive -> {
                Install linked = install.linked(user.userId(), Optional.of(inactive.reason()), install.familyId(), now);
                User unchanged = user.touched();
                Transition.Builder transition = start(unchanged, created)
                        .install(linked)
                        .history(HistoryEntry.of(now, joined, install.installId()))
                        .history(new HistoryEntry(now, HistoryEvent.INACTIVE, install.installId(), Optional.of(inactive.reason())));
                yield new Attachment(unchanged, linked, created, Optional.empty(), transition);
            }
        };
    }

    /** Whether {@code active}, arriving after {@code install}, would have replaced it. */
    private boolean wouldReplace(ActiveInstall active, Install install) {
        return policy.decide(Optional.of(new ActiveInstall(install.installId(), install.deviceClass())),
                active.deviceClass()) instanceof Activate;
    }

    /**
     * The request raced with the activation of another install and is ordered before it, as two overlapping
     * requests may be: linked, then replaced. The user item is only checked, not written.
     */
    private static Attachment superseded(Install install, User user, HistoryEvent joined, Instant now) {
        Install replaced = install.superseded(user.userId(), now);
        Transition.Builder transition = Transition.checkingUser(user)
                .install(replaced)
                .history(HistoryEntry.of(now, joined, install.installId()))
                .history(new HistoryEntry(now, HistoryEvent.DEACTIVATED, install.installId(),
                        Optional.of(InactiveReason.REPLACED_BY_NEWER_INSTALL)));
        return new Attachment(user, replaced, false, Optional.empty(), transition);
    }

    private Attachment activate(App app, Install install, User user, boolean created, Login login, Activate decision,
                                HistoryEvent joined, Instant now) {
        Optional<RefreshFamily> family = login == Login.CODE
                ? Optional.of(refresh.start(app, install.installId(), Optional.of(user.userId())))
                : Optional.empty();
        String familyId = family.map(RefreshFamily::familyId).orElse(install.familyId());
        Install linked = install.linked(user.userId(), Optional.empty(), familyId, now);
        User activated = user.withActive(install.installId(), install.deviceClass(), familyId);
        Transition.Builder transition = start(activated, created)
                .install(linked)
                .history(HistoryEntry.of(now, joined, install.installId()))
                .history(HistoryEntry.of(now, HistoryEvent.ACTIVATED, install.installId()));
        if (family.isPresent()) {
            transition.newFamily(family.get()).revokeFamily(install.familyId(), RevocationReason.REPLACED_BY_LOGIN);
        } else {
            transition.bindFamilyToUser(install.familyId());
        }
        // The user item knows the active install's refresh family: the install is deactivated by a conditional
        // update, without being read.
        decision.deactivated().ifPresent(previous -> transition
                .deactivate(previous, InactiveReason.REPLACED_BY_NEWER_INSTALL, now)
                .revokeFamily(user.activeFamilyId().orElseThrow(), RevocationReason.INSTALL_DEACTIVATED)
                .history(new HistoryEntry(now, HistoryEvent.DEACTIVATED, previous,
                        Optional.of(InactiveReason.REPLACED_BY_NEWER_INSTALL))));
        return new Attachment(activated, linked, created, family, transition);
    }

    private static Transition.Builder start(User user, boolean created) {
        Transition.Builder transition = Transition.of(user);
        return created ? transition.claimExternalId() : transition;
    }
}
