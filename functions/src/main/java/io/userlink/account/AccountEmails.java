package io.userlink.account;

import io.userlink.app.App;
import io.userlink.app.AppSetting;
import io.userlink.app.AppSettings;
import io.userlink.app.MailKind;
import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvent.PasswordSetting;
import io.userlink.audit.SecurityEvents;
import io.userlink.credential.SecretToken;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.id.RandomIds;
import io.userlink.identity.ConcurrentChangeException;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.ResetService;
import io.userlink.identity.Timebox;
import io.userlink.mail.MailToken;
import io.userlink.mail.MailTokenPurpose;
import io.userlink.mail.MailTokens;
import io.userlink.mail.OutboxMail;
import io.userlink.password.Password;
import io.userlink.password.PasswordHasher;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What an account's address proves through mailed links: confirming or activating an account, asking for the link
 * again, moving an account to a new address and back, and resetting a forgotten password (OWASP Forgot Password Cheat
 * Sheet).
 * Requests that name an address answer alike whether or not it has an account (OWASP ASVS 5.0 6.3.8); a link's token
 * works once, until it expires or a newer one of its kind replaces it, and every refused token gets the one
 * {@code INVALID_MAIL_TOKEN}.
 */
public final class AccountEmails {

    /** The links that set a new password: a reset link, and a link back after a move (the reset page takes both). */
    private static final Set<MailTokenPurpose> SETS_PASSWORD = EnumSet.of(MailTokenPurpose.RESET_PASSWORD,
            MailTokenPurpose.UNDO_EMAIL_CHANGE);

    private final IdentityStore identities;
    private final AccountStore accounts;
    private final MailTokens mailTokens;
    private final PasswordHasher hasher;
    private final LoginGuard guard;
    private final ResetService reset;
    private final AddressChange addressChange;
    private final ConflictRetry retry;
    private final Timebox alike;
    private final SecurityEvents events;
    private final RandomIds ids;
    private final InstantSource clock;

    /** @param alike the time the requests that answer alike for any address take at least */
    public AccountEmails(IdentityStore identities, AccountStore accounts, MailTokens mailTokens, PasswordHasher hasher,
                         LoginGuard guard, ResetService reset, AddressChange addressChange, ConflictRetry retry,
                         Timebox alike, SecurityEvents events, RandomIds ids, InstantSource clock) {
        this.identities = Objects.requireNonNull(identities);
        this.accounts = Objects.requireNonNull(accounts);
        this.mailTokens = Objects.requireNonNull(mailTokens);
        this.hasher = Objects.requireNonNull(hasher);
        this.guard = Objects.requireNonNull(guard);
        this.reset = Objects.requireNonNull(reset);
        this.addressChange = Objects.requireNonNull(addressChange);
        this.retry = Objects.requireNonNull(retry);
        this.alike = Objects.requireNonNull(alike);
        this.events = Objects.requireNonNull(events);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Confirms the address of the account a confirmation or activation link was mailed to, which activates it; or
     * moves the account to the address a change-of-address link was mailed to.
     *
     * @return the account, confirmed (at its new address, for a change)
     * @throws UserlinkException {@code INVALID_MAIL_TOKEN}; {@code EMAIL_ALREADY_REGISTERED} when another account
     *     took the new address since the change was asked for
     */
    public Account confirm(App app, String presentedToken) {
        return retry.run(() -> {
            Usable usable = usable(app, presentedToken, EnumSet.of(MailTokenPurpose.VERIFY_EMAIL,
                    MailTokenPurpose.CHANGE_EMAIL));
            if (usable.token().purpose() == MailTokenPurpose.CHANGE_EMAIL) {
                Account moved = addressChange.moveByLink(app, usable.account(), usable.token(), mailTokens);
                events.record(SecurityEvent.addressChangedByLink(app.appId(), moved.userId()));
                return moved;
            }
            Account confirmed = usable.account().verified(clock.instant());
            commit(AccountChange.tokenUsed(confirmed, usable.token().tokenId(), Optional.empty()));
            return confirmed;
        });
    }

    /**
     * Mails a new confirmation or activation link to an account of {@code typedEmail} whose address is not yet
     * confirmed; the older link dies. Answers alike for any address, in as much time; mails at most once a minute.
     *
     * @throws UserlinkException {@code INVALID_FIELD} for an address that is not one
     */
    public void resendConfirmation(App app, String typedEmail) {
        EmailAddress email = AccountService.emailAddress(typedEmail);
        alike.run(() -> mailNewToken(app, email, MailTokenPurpose.VERIFY_EMAIL, (account, token) -> account.emailConfirmed()
                ? Optional.empty()
                : Optional.of(account.withVerificationToken(token.tokenId(), clock.instant()))));
    }

    /**
     * Mails a password-reset link to the account of {@code typedEmail}, if there is one; the older link dies.
     * Answers alike for any address, in as much time; mails at most once a minute.
     *
     * @throws UserlinkException {@code INVALID_FIELD} for an address that is not one;
     *     {@code PASSWORD_RESET_NOT_CONFIGURED} while the app has no password-reset link
     */
    public void requestPasswordReset(App app, String typedEmail) {
        requireResetLink(app);
        EmailAddress email = AccountService.emailAddress(typedEmail);
        alike.run(() -> mailNewToken(app, email, MailTokenPurpose.RESET_PASSWORD,
                (account, token) -> Optional.of(account.withResetToken(token.tokenId(), clock.instant()))));
    }

    /**
     * Sets a new password with a reset link's token: under the app's policy, ending every session of the user,
     * clearing the guessing counter and mailing a notice. It signs nobody in. With the token of a link back, mailed to
     * the address an account left, it also moves the account back there (unless it is there already), and the notice
     * goes to the address it leaves: so the owner of an account someone moved away takes it back alone, and whoever
     * moved it loses the password and every session.
     *
     * <p>The sessions end before the link is spent, so a reset stopped part-way (a timeout, throttling) leaves a
     * link that finishes it when sent again; and once more after, for a session signed in with the old password
     * in between.
     *
     * @throws UserlinkException {@code INVALID_MAIL_TOKEN}, {@code PASSWORD_POLICY}; {@code EMAIL_ALREADY_REGISTERED}
     *     when another account holds the address a link back returns to
     */
    public void resetPassword(App app, String presentedToken, String newPassword) {
        requireResetLink(app);
        Password password = Password.of(newPassword);
        AppSettings settings = app.settings();
        Usable owner;
        try {
            owner = usable(app, presentedToken, SETS_PASSWORD);
        } catch (UserlinkException refused) {
            if (refused.code() == ErrorCode.INVALID_MAIL_TOKEN) {
                events.record(SecurityEvent.passwordResetLinkRefused(app.appId()));
            }
            throw refused;
        }
        PasswordSetting how = owner.token().purpose() == MailTokenPurpose.UNDO_EMAIL_CHANGE
                ? PasswordSetting.LINK_BACK : PasswordSetting.RESET;
        EmailAddress address = owner.token().newAddress().orElse(owner.account().email());
        settings.passwordPolicy().check(password, settings.passwordMinLength(), address.localPart());
        reset.endOtherSessions(app, owner.account().userId(), Optional.empty());
        Account changed = retry.run(() -> {
            Usable usable = usable(app, presentedToken, SETS_PASSWORD);
            // Hashed in the attempt: a retry after a lost race (rare) pays a second hash, every reset saves two reads.
            String hash = hasher.hash(password);
            if (!usable.account().email().canonical().equals(address.canonical())) {
                return addressChange.moveBack(app, usable.account(), usable.token(), hash);
            }
            Instant now = clock.instant();
            Account reset = usable.token().purpose() == MailTokenPurpose.UNDO_EMAIL_CHANGE
                    ? usable.account().movedBack(address, hash, now) : usable.account().reset(hash, now);
            commit(AccountChange.tokenUsed(reset, usable.token().tokenId(),
                    Optional.of(AccountChange.notice(reset, MailKind.PASSWORD_CHANGED, ids, now))));
            return reset;
        });
        events.record(SecurityEvent.passwordSet(app.appId(), changed.userId(), Optional.empty(), how));
        reset.endOtherSessions(app, changed.userId(), Optional.empty());
        guard.unlock(app, changed.email());
    }

    /** A token that may be used, and the account it is for. */
    private record Usable(MailToken token, Account account) {}

    /**
     * The account {@code presented} may change: the token is ours (shape and checksum), stored, of this app and one
     * of {@code purposes}, unexpired, its secret's hash equal, and still the account's token of its kind.
     */
    private Usable usable(App app, String presented, Set<MailTokenPurpose> purposes) {
        SecretToken parsed = MailTokens.parse(presented).orElseThrow(AccountEmails::invalidToken);
        MailToken token = accounts.findToken(parsed.id())
                .filter(stored -> stored.appId().equals(app.appId()) && purposes.contains(stored.purpose()))
                .filter(stored -> !stored.expired(clock.instant()))
                .filter(stored -> MessageDigest.isEqual(stored.secretHash().getBytes(StandardCharsets.US_ASCII),
                        parsed.secretHash().getBytes(StandardCharsets.US_ASCII)))
                .orElseThrow(AccountEmails::invalidToken);
        Account account = accounts.find(token.userId())
                .filter(found -> currentTokenId(found, token.purpose()).filter(token.tokenId()::equals).isPresent())
                .orElseThrow(AccountEmails::invalidToken);
        return new Usable(token, account);
    }

    /**
     * For an account of {@code email} that {@code change} applies to, a new token of {@code purpose} stored with the
     * changed account and mailed. Nothing for an unknown address, and nothing within a minute of the last such mail.
     */
    private void mailNewToken(App app, EmailAddress email, MailTokenPurpose purpose,
                              BiFunction<Account, MailToken, Optional<Account>> change) {
        retry.run(() -> {
            Instant now = clock.instant();
            Optional<Account> account = identities.findUserIdByEmail(app.appId(), email).flatMap(accounts::find);
            if (account.isEmpty()) {
                return null;
            }
            MailToken token = mailTokens.issue(app.appId(), account.get().userId(), purpose, now);
            Optional<Account> changed = change.apply(account.get(), token);
            if (changed.isEmpty()) {
                return null;
            }
            MailKind kind = purpose == MailTokenPurpose.RESET_PASSWORD ? MailKind.PASSWORD_RESET
                    : account.get().activationPending() ? MailKind.ACTIVATE_ACCOUNT : MailKind.CONFIRM_EMAIL;
            mailToken(accounts, account.get(), changed.get(), token, OutboxMail.requested(kind, app.appId(),
                    account.get().userId(), email, Optional.of(token.tokenId()), now));
            return null;
        });
    }

    /**
     * Stores {@code token} with {@code changed} (read as {@code read}) and the mail that carries it, unless a mail of
     * its id (a request's minute) is in the outbox already: then nothing is written.
     *
     * @throws ConcurrentChangeException when the account changed since it was read
     */
    static void mailToken(AccountStore accounts, Account read, Account changed, MailToken token, OutboxMail mail) {
        if (!accounts.commit(AccountChange.tokenMailed(changed, token, mail))
                && accounts.find(read.userId()).map(Account::version).orElse(-1L) != read.version()) {
            throw new ConcurrentChangeException("the account changed meanwhile");
        }
    }

    /** The one token of {@code purpose} the account still accepts; a newer one replaced any other. */
    static Optional<String> currentTokenId(Account account, MailTokenPurpose purpose) {
        return switch (purpose) {
            case VERIFY_EMAIL, CHANGE_EMAIL -> account.verificationTokenId();
            case RESET_PASSWORD -> account.resetTokenId();
            case UNDO_EMAIL_CHANGE -> account.undoTokenId();
        };
    }

    private void commit(AccountChange change) {
        if (!accounts.commit(change)) {
            throw new ConcurrentChangeException("the account or its token changed meanwhile");
        }
    }

    private static void requireResetLink(App app) {
        if (app.settings().accountMail().passwordResetLink().isEmpty()) {
            throw new UserlinkException(ErrorCode.PASSWORD_RESET_NOT_CONFIGURED, "This app has no "
                    + AppSetting.PASSWORD_RESET_LINK.operatorName() + " yet; its operator sets one with `userlink apps"
                    + " update --app " + app.appId() + " --" + AppSetting.PASSWORD_RESET_LINK.operatorName() + " URL`.");
        }
    }

    private static UserlinkException invalidToken() {
        return new UserlinkException(ErrorCode.INVALID_MAIL_TOKEN,
                "The link is invalid, expired, already used or replaced by a newer one; ask for a new one.");
    }
}
