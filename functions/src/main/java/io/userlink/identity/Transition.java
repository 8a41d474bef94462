package io.userlink.identity;

import io.userlink.install.InactiveReason;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.mail.MailToken;
import io.userlink.mail.OutboxMail;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RevocationReason;
import io.userlink.user.Account;
import io.userlink.user.HistoryEntry;
import io.userlink.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One atomic change of identity state, computed by a service from what it read and written by the store in
 * one transaction: every write is conditioned on the version (or absence) of what was read, so a concurrent
 * change makes the whole transition fail with {@link ConcurrentChangeException} and nothing is half-written.
 *
 * @param user what happens to the user item (history and install copies are written under it in every case);
 *     empty for changes to installs alone
 * @param releasedIdentifierOf a deleted user whose external id or account email is released (it must still name
 *     this user), and whose account is removed
 * @param newAccount the account of a user created by this transition, whose email it claims
 * @param installs installs as they must be afterwards (stored version one less)
 * @param deactivations installs of the user to deactivate without reading them: each must still be the
 *     user's active install
 * @param newFamily a refresh family to create
 * @param bindFamilyToUser bind an existing family to the user, so its next refresh returns user tokens
 * @param revokeFamilies families whose tokens die now
 * @param consumeCode an authentication code to mark used (it must be unused)
 * @param history events to append to the user's history
 * @param newMailToken a mailed token to store (its account names it)
 * @param mail a mail this change causes, sent once the change committed
 */
public record Transition(Optional<UserWrite> user, Optional<User> releasedIdentifierOf, Optional<Account> newAccount,
                         List<Install> installs,
                         List<Deactivation> deactivations,
                         Optional<RefreshFamily> newFamily, Optional<String> bindFamilyToUser,
                         List<FamilyRevocation> revokeFamilies, Optional<CodeRedemption> consumeCode, List<HistoryEntry> history,
                         Optional<MailToken> newMailToken, Optional<OutboxMail> mail) {

    public Transition {
        Objects.requireNonNull(user);
        Objects.requireNonNull(releasedIdentifierOf);
        Objects.requireNonNull(newAccount);
        installs = List.copyOf(installs);
        deactivations = List.copyOf(deactivations);
        Objects.requireNonNull(newFamily);
        Objects.requireNonNull(bindFamilyToUser);
        revokeFamilies = List.copyOf(revokeFamilies);
        Objects.requireNonNull(consumeCode);
        history = List.copyOf(history);
        Objects.requireNonNull(newMailToken);
        Objects.requireNonNull(mail);
    }

    /** An active install of the user, replaced: written as a conditional update, not read first. */
    public record Deactivation(String installId, InactiveReason reason, Instant at) {}

    /** A refresh family to revoke, and why. */
    public record FamilyRevocation(String familyId, RevocationReason reason) {}

    /**
     * The copy of {@code install} kept under user {@code userId}, which lists the user's installs: written as
     * {@code install} is now when {@code listed}, removed otherwise.
     */
    public record InstallCopy(String userId, Install install, boolean listed) {}

    /**
     * What this transition does to the copies of its installs under users. Under the user it writes, an install
     * is listed while it is still that user's and not deleted, and removed otherwise; without a user, an install
     * ended for good leaves its user's partition, so that the later reads of a deletion find only the installs
     * still to end, and an install that goes on is left as its user lists it.
     */
    public List<InstallCopy> installCopies() {
        List<InstallCopy> copies = new ArrayList<>();
        for (Install install : installs) {
            if (user.isPresent()) {
                String userId = user.get().user().userId();
                copies.add(new InstallCopy(userId, install, listedUnder(userId, install)));
            } else if (install.state() == InstallState.DELETED) {
                install.userId().ifPresent(userId -> copies.add(new InstallCopy(userId, install, false)));
            }
        }
        return List.copyOf(copies);
    }

    /**
     * Whether {@code userId}'s partition lists {@code install}: it is still that user's and not ended for good. What a
     * transition under the user writes, and which listed installs a deletion still has to end.
     */
    static boolean listedUnder(String userId, Install install) {
        return install.state() != InstallState.DELETED && install.userId().equals(Optional.of(userId));
    }

    /** A builder for a change that writes {@code write}'s user. */
    public static Builder of(UserWrite write) {
        return new Builder(Optional.of(write));
    }

    /** A builder for a change that touches no user (an anonymous install, the tail of a deletion). */
    public static Builder withoutUser() {
        return new Builder(Optional.empty());
    }

    /** Collects the parts of a transition. */
    public static final class Builder {
        private final Optional<UserWrite> user;
        private Optional<User> releasedIdentifierOf = Optional.empty();
        private Optional<Account> newAccount = Optional.empty();
        private final List<Install> installs = new ArrayList<>();
        private final List<Deactivation> deactivations = new ArrayList<>();
        private Optional<RefreshFamily> newFamily = Optional.empty();
        private Optional<String> bindFamilyToUser = Optional.empty();
        private final List<FamilyRevocation> revokeFamilies = new ArrayList<>();
        private Optional<CodeRedemption> consumeCode = Optional.empty();
        private final List<HistoryEntry> history = new ArrayList<>();
        private Optional<MailToken> newMailToken = Optional.empty();
        private Optional<OutboxMail> mail = Optional.empty();

        private Builder(Optional<UserWrite> user) {
            this.user = user;
        }

        /** Releases what names {@code deleted} (its external id, or its account's email) and removes its account. */
        public Builder releaseIdentifierOf(User deleted) {
            releasedIdentifierOf = Optional.of(deleted);
            return this;
        }

        public Builder newAccount(Account account) {
            newAccount = Optional.of(account);
            return this;
        }

        public Builder install(Install install) {
            installs.add(install);
            return this;
        }

        public Builder deactivate(String installId, InactiveReason reason, Instant at) {
            deactivations.add(new Deactivation(installId, reason, at));
            return this;
        }

        public Builder newFamily(RefreshFamily family) {
            newFamily = Optional.of(family);
            return this;
        }

        public Builder bindFamilyToUser(String familyId) {
            bindFamilyToUser = Optional.of(familyId);
            return this;
        }

        public Builder revokeFamily(String familyId, RevocationReason reason) {
            revokeFamilies.add(new FamilyRevocation(familyId, reason));
            return this;
        }

        public Builder consumeCode(CodeRedemption redemption) {
            consumeCode = Optional.of(redemption);
            return this;
        }

        public Builder history(HistoryEntry entry) {
            history.add(entry);
            return this;
        }

        public Builder newMailToken(MailToken token) {
            newMailToken = Optional.of(token);
            return this;
        }

        public Builder mail(OutboxMail outboxMail) {
            mail = Optional.of(outboxMail);
            return this;
        }

        public Transition build() {
            return new Transition(user, releasedIdentifierOf, newAccount, installs, deactivations,
                    newFamily, bindFamilyToUser, revokeFamilies, consumeCode, history, newMailToken, mail);
        }
    }
}
