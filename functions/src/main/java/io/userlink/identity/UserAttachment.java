package io.userlink.identity;

import io.userlink.app.App;
import io.userlink.app.DevicePolicy;
import io.userlink.device.ActiveDevicePolicy.Activate;
import io.userlink.device.ActiveDevicePolicy.ActiveInstall;
import io.userlink.device.ActiveDevicePolicy.StayInactive;
import io.userlink.device.ActiveDevicePolicy;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.id.RandomIds;
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
 * Attaches an install to the user a login names, under the app's device policy: the one path by which legacy
 * linking, restoration with an authentication code, account registration and sign-in join an install to a
 * user. An unknown external id creates its user, a registration its account's; the previous active install is deactivated (its refresh family revoked); every
 * step lands in the user's history; all of it is committed in one transition, or nothing is.
 */
public final class UserAttachment {

    /** How the install comes to the user. */
    public enum Login {
        /** Legacy linking: the install's current refresh family is bound to the user; linking again is a no-op. */
        LINK,
        /** Restoration with an authentication code: a new refresh family for the user replaces the install's. */
        CODE,
        /** Registration or sign-in with an account: a new refresh family for the user replaces the install's. */
        ACCOUNT
    }

    /**
     * What the attachment did.
     *
     * @param install the install as it now is: linked to {@code user}, active or inactive with its reason
     * @param created whether {@code user} was created by it
     * @param newFamily the family of the new login, when the install became active through a code or an account
     */
    public record Attached(User user, Install install, boolean created, Optional<RefreshFamily> newFamily) {}

    /** Writes that commit with the attachment or not at all, such as an authentication code's consumption. */
    @FunctionalInterface
    public interface Alongside {
        Alongside NOTHING = (attached, transition) -> transition;

        /** The transition to commit: {@code transition} with these writes added. */
        Transition.Builder add(Attached attached, Transition.Builder transition);
    }

    /** The user an install joins: one already stored, or one created for its external id. */
    private sealed interface Candidate {
        User user();
    }

    private record Existing(User user) implements Candidate {}

    private record Created(User user) implements Candidate {}

    private record Plan(Attached attached, Transition.Builder transition) {}

    private final IdentityStore store;
    private final ActiveDevicePolicy policy;
    private final RefreshService refresh;
    private final RandomIds ids;

    public UserAttachment(IdentityStore store, ActiveDevicePolicy policy, RefreshService refresh, RandomIds ids) {
        this.store = Objects.requireNonNull(store);
        this.policy = Objects.requireNonNull(policy);
        this.refresh = Objects.requireNonNull(refresh);
        this.ids = Objects.requireNonNull(ids);
    }

    /**
     * Attaches {@code install} (read in this attempt, not final) to the user {@code key} names and commits.
     *
     * @param watch the request's watch over the user's active install, shared by its attempts
     * @param alongside writes to commit in the same transition
     * @throws UserlinkException {@code INSTALL_LINKED_TO_OTHER_USER}; {@code INVALID_LOGIN} when the account of a
     *     sign-in was deleted meanwhile
     * @throws ConcurrentChangeException when something read changed before the commit; nothing is written
     */
    public Attached attach(App app, Install install, UserKey key, Login login, ActivationWatch watch,
                           Instant now, Alongside alongside) {
        Optional<User> existing = (switch (key) {
            case UserKey.ExternalId externalId ->
                    store.findUserIdByExternalId(app.appId(), externalId.value()).flatMap(store::findUser);
            case UserKey.AccountUser account -> store.findUser(account.userId());
            case UserKey.NewAccount ignored -> Optional.<User>empty();
        }).filter(user -> !user.isDeleted());
        if (key instanceof UserKey.AccountUser && existing.isEmpty()) {
            throw new UserlinkException(ErrorCode.INVALID_LOGIN, "The email address or the password is wrong.");
        }
        boolean activatedConcurrently = watch.activatedSinceFirstLook(existing);
        if (install.userId().isPresent()) {
            if (!existing.map(User::userId).equals(install.userId())) {
                throw new UserlinkException(ErrorCode.INSTALL_LINKED_TO_OTHER_USER,
                        "This install is linked to another user; the SDK must reset it first.");
            }
            if (login == Login.LINK) {
                return new Attached(existing.orElseThrow(), install, false, Optional.empty());
            }
        }
        Candidate candidate = existing.<Candidate>map(Existing::new).orElseGet(() -> new Created(switch (key) {
            case UserKey.NewAccount account -> User.registered(account.account().userId(), app.appId(),
                    account.account().email(), now);
            case UserKey.ExternalId externalId -> User.created(ids.userId(), app.appId(), externalId.value(), now);
            case UserKey.AccountUser ignored -> throw new IllegalStateException("an account's user exists");
        }));
        Plan plan = plan(app, install, candidate, login, activatedConcurrently, now);
        Transition.Builder transition = plan.transition();
        if (key instanceof UserKey.NewAccount account) {
            transition.newAccount(account.account());
        }
        store.commit(alongside.add(plan.attached(), transition).build());
        return plan.attached();
    }

    private Plan plan(App app, Install install, Candidate candidate, Login login, boolean activatedConcurrently,
                      Instant now) {
        User user = candidate.user();
        Optional<ActiveInstall> current = user.activeInstallId()
                .filter(active -> !active.equals(install.installId()))
                .map(active -> new ActiveInstall(active, user.activeDeviceClass().orElseThrow()));
        HistoryEvent joined = candidate instanceof Created ? HistoryEvent.CREATED : switch (login) {
            case LINK -> HistoryEvent.LINKED;
            case CODE -> HistoryEvent.RESTORED;
            case ACCOUNT -> HistoryEvent.SIGNED_IN;
        };
        DevicePolicy rule = app.settings().devicePolicy();
        if (activatedConcurrently && current.isPresent() && wouldReplace(rule, current.get(), install)) {
            return superseded(install, user, joined, rule, now);
        }
        return switch (policy.decide(rule, current, install.deviceClass())) {
            case Activate activate -> activate(app, install, candidate, login, activate, joined, now);
            case StayInactive inactive -> {
                Install linked = install.linked(user.userId(), Optional.of(inactive.reason()), install.familyId(), now);
                User unchanged = user.touched();
                Transition.Builder transition = writing(candidate, unchanged)
                        .install(linked)
                        .history(HistoryEntry.of(now, joined, install.installId()))
                        .history(HistoryEntry.decided(now, HistoryEvent.INACTIVE, install.installId(),
                                Optional.of(inactive.reason()), rule));
                yield new Plan(new Attached(unchanged, linked, candidate instanceof Created, Optional.empty()), transition);
            }
        };
    }

    /** Whether {@code active}, arriving after {@code install}, would have replaced it under {@code rule}. */
    private boolean wouldReplace(DevicePolicy rule, ActiveInstall active, Install install) {
        return policy.decide(rule, Optional.of(new ActiveInstall(install.installId(), install.deviceClass())),
                active.deviceClass()) instanceof Activate activate && activate.deactivated().isPresent();
    }

    /**
     * The request raced with the activation of another install and is ordered before it, as two overlapping
     * requests may be: linked, then replaced. The user item is only checked, not written.
     */
    private static Plan superseded(Install install, User user, HistoryEvent joined, DevicePolicy rule, Instant now) {
        Install replaced = install.superseded(user.userId(), now);
        Transition.Builder transition = Transition.of(new UserWrite.Check(user))
                .install(replaced)
                .history(HistoryEntry.of(now, joined, install.installId()))
                .history(HistoryEntry.decided(now, HistoryEvent.DEACTIVATED, install.installId(),
                        Optional.of(InactiveReason.REPLACED_BY_NEWER_INSTALL), rule));
        return new Plan(new Attached(user, replaced, false, Optional.empty()), transition);
    }

    private Plan activate(App app, Install install, Candidate candidate, Login login, Activate decision,
                          HistoryEvent joined, Instant now) {
        User user = candidate.user();
        DevicePolicy rule = app.settings().devicePolicy();
        Optional<RefreshFamily> family = login != Login.LINK
                ? Optional.of(refresh.start(app, install.installId(), Optional.of(user.userId())))
                : Optional.empty();
        String familyId = family.map(RefreshFamily::familyId).orElse(install.familyId());
        Install linked = install.linked(user.userId(), Optional.empty(), familyId, now);
        User activated = user.withActive(install.installId(), install.deviceClass(), familyId);
        Transition.Builder joining = writing(candidate, activated)
                .install(linked)
                .history(HistoryEntry.of(now, joined, install.installId()))
                .history(HistoryEntry.decided(now, HistoryEvent.ACTIVATED, install.installId(), Optional.empty(), rule));
        Transition.Builder transition = family
                .map(started -> joining.newFamily(started).revokeFamily(install.familyId(), RevocationReason.REPLACED_BY_LOGIN))
                .orElseGet(() -> joining.bindFamilyToUser(install.familyId()));
        // The user item knows the active install's refresh family: the install is deactivated by a conditional
        // update, without being read.
        decision.deactivated().ifPresent(previous -> transition
                .deactivate(previous, InactiveReason.REPLACED_BY_NEWER_INSTALL, now)
                .revokeFamily(user.activeFamilyId().orElseThrow(), RevocationReason.INSTALL_DEACTIVATED)
                .history(HistoryEntry.decided(now, HistoryEvent.DEACTIVATED, previous,
                        Optional.of(InactiveReason.REPLACED_BY_NEWER_INSTALL), rule)));
        return new Plan(new Attached(activated, linked, candidate instanceof Created, family), transition);
    }

    private static Transition.Builder writing(Candidate candidate, User after) {
        return Transition.of(switch (candidate) {
            case Created created -> new UserWrite.Create(after);
            case Existing existing -> new UserWrite.Replace(after);
        });
    }
}
