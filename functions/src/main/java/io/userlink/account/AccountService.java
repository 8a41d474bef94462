package io.userlink.account;

import io.userlink.app.App;
import io.userlink.app.AppSetting;
import io.userlink.app.AppSettings;
import io.userlink.app.MailKind;
import io.userlink.app.RegistrationMode;
import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvent.LoginFailure;
import io.userlink.audit.SecurityEvent.PasswordCheck;
import io.userlink.audit.SecurityEvent.PasswordSetting;
import io.userlink.audit.SecurityEvents;
import io.userlink.error.ErrorCode;
import io.userlink.error.RetryLaterException;
import io.userlink.error.UserlinkException;
import io.userlink.id.RandomIds;
import io.userlink.identity.ActivationWatch;
import io.userlink.identity.ConcurrentChangeException;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.InstallAccess;
import io.userlink.identity.ResetService;
import io.userlink.identity.Timebox;
import io.userlink.identity.Transition;
import io.userlink.identity.UserAttachment;
import io.userlink.identity.UserAttachment.Alongside;
import io.userlink.identity.UserAttachment.Attached;
import io.userlink.identity.UserAttachment.Login;
import io.userlink.identity.UserDeletion;
import io.userlink.identity.UserKey;
import io.userlink.identity.UserWrite;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.Install;
import io.userlink.mail.MailToken;
import io.userlink.mail.MailTokenPurpose;
import io.userlink.mail.MailTokens;
import io.userlink.mail.OutboxMail;
import io.userlink.password.Password;
import io.userlink.password.PasswordHasher;
import io.userlink.password.PasswordHasher.Verification;
import io.userlink.refresh.LoginTokens;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.TokenPair;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.HistoryEntry;
import io.userlink.user.HistoryEvent;
import io.userlink.user.User;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Accounts: a person registers an email address and a password on an anonymous install, then signs in with them
 * on any install. Both join the install to the account's user through {@link UserAttachment}, under the app's
 * device policy, exactly as linking and authentication codes do; an install that registers keeps its install
 * id. Passwords are checked against the app's policy, stored only as PBKDF2 hashes, and guessing is slowed per
 * email address by {@link LoginGuard}.
 */
public final class AccountService {

    /**
     * A login's outcome.
     *
     * @param tokens the user's tokens on the install; empty when the install stayed inactive
     */
    public record LoggedIn(User user, Account account, Install install, Optional<TokenPair> tokens) implements Registered {}

    /** What a registration did: signed the install in, or mailed the address first. */
    public sealed interface Registered {}

    /**
     * A registration under a mode that mails first: the same for a new address and for one that has an account,
     * whose owner is told instead (OWASP ASVS 5.0 6.3.8).
     */
    public record Mailed(RegistrationMode mode) implements Registered {}

    private final IdentityStore identities;
    private final AccountStore accounts;
    private final UserAttachment attachment;
    private final InstallAccess access;
    private final ResetService reset;
    private final UserDeletion deletion;
    private final LoginTokens tokens;
    private final LoginGuard guard;
    private final PasswordHasher hasher;
    private final MailTokens mailTokens;
    private final ConflictRetry retry;
    private final Timebox alike;
    private final SecurityEvents events;
    private final RandomIds ids;
    private final InstantSource clock;

    /** @param alike the time the requests that answer alike for any address take at least */
    public AccountService(IdentityStore identities, AccountStore accounts, UserAttachment attachment,
                          InstallAccess access, ResetService reset, UserDeletion deletion, LoginTokens tokens,
                          LoginGuard guard, PasswordHasher hasher, MailTokens mailTokens, ConflictRetry retry,
                          Timebox alike, SecurityEvents events, RandomIds ids, InstantSource clock) {
        this.identities = Objects.requireNonNull(identities);
        this.accounts = Objects.requireNonNull(accounts);
        this.attachment = Objects.requireNonNull(attachment);
        this.access = Objects.requireNonNull(access);
        this.reset = Objects.requireNonNull(reset);
        this.deletion = Objects.requireNonNull(deletion);
        this.tokens = Objects.requireNonNull(tokens);
        this.guard = Objects.requireNonNull(guard);
        this.hasher = Objects.requireNonNull(hasher);
        this.mailTokens = Objects.requireNonNull(mailTokens);
        this.retry = Objects.requireNonNull(retry);
        this.alike = Objects.requireNonNull(alike);
        this.events = Objects.requireNonNull(events);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Registers an account. Under {@code automatic} the install of {@code token} joins the new user, active, at
     * once. Under a mode that mails first, the install stays as it is and the address is mailed a link; an address
     * that has an account gets the same answer after the same work, and its owner a mail saying someone tried.
     *
     * @throws UserlinkException {@code INVALID_FIELD} for an address that is not one, or under a mode that mails
     *     first, one the mail service cannot take ({@link EmailAddress#asciiForm}); {@code PASSWORD_POLICY},
     *     {@code EMAIL_ALREADY_REGISTERED} (automatic only), {@code INSTALL_LINKED_TO_OTHER_USER} for an install
     *     already linked (automatic only), {@code INSTALL_DEACTIVATED}, {@code INSTALL_DELETED}
     */
    public Registered register(App app, AccessToken token, String typedEmail, String typedPassword,
                               Map<String, Object> attributes, Map<String, Boolean> agreements) {
        EmailAddress email = emailAddress(typedEmail);
        AppSettings settings = app.settings();
        RegistrationMode mode = settings.accountMail().registrationMode();
        if (mode.mailsFirst()) {
            deliverable(email);
        }
        Password password = Password.of(typedPassword);
        settings.passwordPolicy().check(password, settings.passwordMinLength(), email.localPart());
        AccountFields.checkSize(attributes, agreements);
        if (mode.mailsFirst()) {
            Install install = access.loginInstall(token);
            InstallAccess.requireNotFinal(install);
            return registerByMail(app, install.installId(), email, hasher.hash(password), attributes, agreements, mode);
        }
        requireUnregistered(app, email);
        String passwordHash = hasher.hash(password);
        String userId = ids.userId();
        ActivationWatch watch = new ActivationWatch();
        return retry.run(() -> {
            Instant now = clock.instant();
            Install install = access.loginInstall(token);
            InstallAccess.requireNotFinal(install);
            // A registration that lost the email to a parallel one learns it here, on its retry.
            requireUnregistered(app, email);
            Account account = Account.registered(userId, app.appId(), email, passwordHash, attributes, agreements,
                    Optional.empty(), false, now);
            Attached attached = attachment.attach(app, install, new UserKey.NewAccount(account), Login.ACCOUNT, watch,
                    now, Alongside.NOTHING);
            // The transition stored this account as it is: no read needed to answer with it.
            return loggedIn(app, attached, account);
        });
    }

    /**
     * The mail-first registration: the same read of the address's claim and one write on either path, boxed to one
     * time ({@code alike}), so neither the answer nor its time tells a new address from a known one (a new one's
     * write is a transaction of four items, a known one's a single mail).
     */
    private Mailed registerByMail(App app, String installId, EmailAddress email, String passwordHash,
                                  Map<String, Object> attributes, Map<String, Boolean> agreements, RegistrationMode mode) {
        String userId = ids.userId();
        boolean activation = mode == RegistrationMode.ACTIVATION_REQUIRED;
        return alike.run(() -> retry.run(() -> {
            Instant now = clock.instant();
            Optional<String> owner = identities.findUserIdByEmail(app.appId(), email);
            if (owner.isPresent()) {
                // At most one such mail a minute: a second attempt within it finds the first and writes nothing.
                accounts.commit(AccountChange.mailOnly(OutboxMail.requested(MailKind.REGISTRATION_ATTEMPT, app.appId(),
                        owner.get(), email, Optional.empty(), now)));
                return new Mailed(mode);
            }
            MailToken token = mailTokens.issue(app.appId(), userId, MailTokenPurpose.VERIFY_EMAIL, now);
            Account account = Account.registered(userId, app.appId(), email, passwordHash, attributes, agreements,
                    Optional.of(token.tokenId()), activation, now);
            // The email claim in the transition fails if the address was registered meanwhile: the retry mails its owner.
            identities.commit(Transition.of(new UserWrite.Create(User.registered(userId, app.appId(), email, now).touched()))
                    .newAccount(account)
                    .newMailToken(token)
                    .mail(OutboxMail.of(ids, activation ? MailKind.ACTIVATE_ACCOUNT : MailKind.CONFIRM_EMAIL, app.appId(),
                            userId, email, Optional.of(token.tokenId()), now))
                    .history(HistoryEntry.of(now, HistoryEvent.REGISTERED, installId))
                    .build());
            return new Mailed(mode);
        }));
    }

    /**
     * Signs in on the install of {@code token} (an install token): the install joins the account's user under
     * the device policy. An unknown address and a wrong password are refused alike, after the same work.
     *
     * @throws UserlinkException {@code INVALID_LOGIN}; {@code TOO_MANY_FAILED_LOGINS} while guessing is
     *     locked; {@code INSUFFICIENT_SCOPE} for a user token; {@code INSTALL_LINKED_TO_OTHER_USER},
     *     {@code INSTALL_DEACTIVATED}, {@code INSTALL_DELETED}
     */
    public LoggedIn signIn(App app, AccessToken token, String typedEmail, String typedPassword) {
        if (token.scope() != TokenScope.INSTALL) {
            throw new UserlinkException(ErrorCode.INSUFFICIENT_SCOPE,
                    "Signing in needs an install token; sign out or reset the install first.");
        }
        Install before = access.loginInstall(token);
        InstallAccess.requireNotFinal(before);
        Password password = Password.of(typedPassword);
        EmailAddress email = EmailAddress.parse(typedEmail).orElse(null);
        if (email == null) {
            hasher.verifyWithoutAccount(password);
            events.record(SecurityEvent.loginFailed(app.appId(), Optional.empty(), token.installId(), PasswordCheck.SIGN_IN,
                    LoginFailure.UNKNOWN_ACCOUNT));
            throw invalidLogin();
        }
        Account account = verified(app, token, PasswordCheck.SIGN_IN, email, password);
        ActivationWatch watch = new ActivationWatch();
        Attached attached = retry.run(() -> {
            Instant now = clock.instant();
            Install install = access.loginInstall(token);
            InstallAccess.requireNotFinal(install);
            return attachment.attach(app, install, new UserKey.AccountUser(account.userId()), Login.ACCOUNT, watch,
                    now, Alongside.NOTHING);
        });
        return loggedIn(app, attached, account);
    }

    /**
     * Signs the user of {@code token} out of its install, and with {@code everywhere} out of every install it
     * holds; the others first, so a failure leaves this session to retry with.
     *
     * @return the install, anonymous again, with the tokens of its new anonymous session
     */
    public AnonymousInstall signOut(App app, AccessToken token, boolean everywhere) {
        boolean everyInstall = everywhere && token.scope() == TokenScope.USER;
        if (everyInstall) {
            access.ownInstall(token, token.installId());
            reset.endOtherSessions(app, token.subject(), Optional.of(token.installId()));
        }
        AnonymousInstall signedOut = reset.signOut(app, token);
        events.record(SecurityEvent.signedOut(app.appId(), token.subject(), token.installId(), token.sessionId(),
                everyInstall));
        return signedOut;
    }

    /**
     * The account of the user signed in with {@code token}.
     *
     * @throws UserlinkException {@code INSUFFICIENT_SCOPE} for an install token; {@code ACCOUNT_NOT_FOUND} for a
     *     user without an account (one of an external id)
     */
    public Account account(AccessToken token) {
        if (token.scope() != TokenScope.USER) {
            throw new UserlinkException(ErrorCode.INSUFFICIENT_SCOPE, "Reading the account needs a user token; sign in first.");
        }
        access.ownInstall(token, token.installId());
        return accounts.find(token.subject()).orElseThrow(() -> new UserlinkException(ErrorCode.ACCOUNT_NOT_FOUND,
                "This user has no account: it was linked or restored with an external id."));
    }

    /**
     * Applies a JSON Merge Patch of {@code attributes} and {@code agreements} to the account of {@code token}.
     *
     * @param expectedVersion the version the client read ({@code If-Match}); empty to apply to any
     * @throws UserlinkException {@code PRECONDITION_FAILED} when the account changed since that version
     */
    public Account update(AccessToken token, Optional<Map<?, ?>> attributesPatch, Optional<Map<?, ?>> agreementsPatch,
                          Optional<Long> expectedVersion) {
        return retry.run(() -> {
            Account current = account(token);
            if (expectedVersion.isPresent() && expectedVersion.get() != current.version()) {
                throw new UserlinkException(ErrorCode.PRECONDITION_FAILED,
                        "The account changed since it was read (its ETag is no longer " + expectedVersion.get()
                                + "); read it again.");
            }
            Map<String, Object> attributes = attributesPatch
                    .map(patch -> AccountFields.attributes(AccountFields.merged(current.attributes(), patch)))
                    .orElse(current.attributes());
            Map<String, Boolean> agreements = agreementsPatch
                    .map(patch -> AccountFields.agreements(AccountFields.merged(current.agreements(), patch)))
                    .orElse(current.agreements());
            AccountFields.checkSize(attributes, agreements);
            Account updated = current.withProfile(attributes, agreements, clock.instant());
            if (!accounts.replace(updated)) {
                throw new ConcurrentChangeException("the account changed meanwhile");
            }
            return updated;
        });
    }

    /**
     * Changes the password of the account of {@code token}, after checking the current one (counted as a login
     * attempt), and ends the user's sessions on every other install (OWASP ASVS 5.0 V7.4.3); this one goes on.
     * The other sessions end before the change, so a change stopped part-way leaves the current password to send it
     * again with; and once more after, for a session signed in with the old password in between. An app whose
     * accounts get mail ({@link io.userlink.app.AccountMail#mails}) mails the address a notice, written with the new
     * password (ASVS 5.0 6.3.7), so a change that does not commit mails nothing.
     *
     * @throws UserlinkException {@code INVALID_LOGIN} for a wrong current password, {@code PASSWORD_POLICY},
     *     {@code TOO_MANY_FAILED_LOGINS}
     */
    public void changePassword(App app, AccessToken token, String currentPassword, String newPassword) {
        Account account = account(token);
        Password replacement = Password.of(newPassword);
        AppSettings settings = app.settings();
        settings.passwordPolicy().check(replacement, settings.passwordMinLength(), account.email().localPart());
        verified(app, token, PasswordCheck.PASSWORD_CHANGE, account.email(), Password.of(currentPassword));
        String hash = hasher.hash(replacement);
        reset.endOtherSessions(app, token.subject(), Optional.of(token.installId()));
        retry.run(() -> {
            Account changed = account(token).withPasswordHash(hash, clock.instant());
            boolean written = settings.accountMail().mails()
                    ? accounts.commit(AccountChange.noticed(changed, MailKind.PASSWORD_CHANGED, ids))
                    : accounts.replace(changed);
            if (!written) {
                throw new ConcurrentChangeException("the account changed meanwhile");
            }
            return changed;
        });
        events.record(SecurityEvent.passwordSet(app.appId(), token.subject(), Optional.of(token.installId()),
                PasswordSetting.CHANGE));
        reset.endOtherSessions(app, token.subject(), Optional.of(token.installId()));
    }

    /**
     * Mails a link to {@code typedNewEmail} that moves the account of {@code token} there once it is used
     * ({@link AccountEmails#confirm}), after checking the account's password (counted as a login attempt). Until then
     * the account keeps its address. Answers alike, in as much time, whether or not another account holds the new
     * address: its owner is told instead (as when someone registers it), and nothing moves. At most one such mail a
     * minute.
     *
     * @throws UserlinkException {@code EMAIL_CHANGE_NOT_CONFIGURED} while the app has no confirmation link;
     *     {@code INVALID_FIELD} for an address that is not one, that mail cannot reach, or that is the account's
     *     own; {@code INVALID_LOGIN}, {@code TOO_MANY_FAILED_LOGINS}, {@code INSUFFICIENT_SCOPE} for an install token,
     *     {@code ACCOUNT_NOT_FOUND} for a user of an external id
     */
    public void requestAddressChange(App app, AccessToken token, String typedNewEmail, String password) {
        if (app.settings().accountMail().confirmationLink().isEmpty()) {
            throw new UserlinkException(ErrorCode.EMAIL_CHANGE_NOT_CONFIGURED, "This app has no "
                    + AppSetting.CONFIRMATION_LINK.operatorName() + " yet, where the link to a new address would lead;"
                    + " its operator sets one with `userlink apps update --app " + app.appId() + " --"
                    + AppSetting.CONFIRMATION_LINK.operatorName() + " URL`.");
        }
        Account account = account(token);
        EmailAddress requested = AddressChange.requireNew(account, deliverable(emailAddress(typedNewEmail)));
        verified(app, token, PasswordCheck.EMAIL_CHANGE, account.email(), Password.of(password));
        alike.run(() -> mailAddressChange(app, token, requested));
    }

    /** The link to {@code requested} for the account of {@code token}, or the notice to the account that holds it. */
    private void mailAddressChange(App app, AccessToken token, EmailAddress requested) {
        retry.run(() -> {
            Instant now = clock.instant();
            Optional<String> holder = identities.findUserIdByEmail(app.appId(), requested);
            if (holder.isPresent()) {
                accounts.commit(AccountChange.mailOnly(OutboxMail.requested(MailKind.REGISTRATION_ATTEMPT, app.appId(),
                        holder.get(), requested, Optional.empty(), now)));
                return null;
            }
            Account current = account(token);
            MailToken link = mailTokens.issueAddressChange(app.appId(), current.userId(), requested, now);
            AccountEmails.mailToken(accounts, current, current.withVerificationToken(link.tokenId(), now), link,
                    OutboxMail.requested(MailKind.CHANGE_EMAIL, app.appId(), current.userId(), requested,
                            Optional.of(link.tokenId()), now));
            return null;
        });
    }

    /**
     * Deletes the account of {@code token} and its user, after checking its password (counted as a login attempt), as
     * a customer backend deletes a user ({@link UserDeletion}): the address is free to register again, every install
     * of the user is ended (this one too: it registers anew to go on) and every session revoked. What app stores ask
     * of apps that let people make an account in them, without the app's backend. An app whose accounts get mail
     * mails the address a notice, written with the tombstone.
     *
     * @throws UserlinkException {@code INVALID_LOGIN} for a wrong password, {@code TOO_MANY_FAILED_LOGINS},
     *     {@code INSUFFICIENT_SCOPE} for an install token, {@code ACCOUNT_NOT_FOUND} for a user of an external id,
     *     {@code USER_NOT_FOUND} when the user was deleted meanwhile
     */
    public void deleteAccount(App app, AccessToken token, String password) {
        Account account = account(token);
        verified(app, token, PasswordCheck.ACCOUNT_DELETION, account.email(), Password.of(password));
        deletion.delete(app, token.subject(), app.settings().accountMail().mails()
                ? Optional.of(AccountChange.notice(account, MailKind.ACCOUNT_DELETED, ids, clock.instant()))
                : Optional.empty());
        events.record(SecurityEvent.accountDeletedByItsUser(app.appId(), token.subject(), token.installId()));
    }

    /**
     * The account of {@code email} when {@code password} is its password, under the guard, for {@code check} on the
     * install of {@code token}; the outcome is a {@link SecurityEvent}. A right password hashed at a lower cost than
     * today's is hashed again.
     */
    private Account verified(App app, AccessToken token, PasswordCheck check, EmailAddress email, Password password) {
        LoginGuard.Attempt attempt;
        try {
            attempt = guard.attempt(app, email);
        } catch (RetryLaterException refused) {
            if (refused.code() == ErrorCode.TOO_MANY_FAILED_LOGINS) {
                // A signed-in user asked for its password again is known before any read; a sign-in's caller is not.
                events.record(SecurityEvent.loginFailed(app.appId(), token.userId(), token.installId(), check,
                        LoginFailure.LOCKED));
            }
            throw refused;
        }
        // An unknown address reads an account too, of an id nobody holds (a new one each time, so no key runs hot):
        // its refusal makes the calls a wrong password's makes, as it does the hash.
        Optional<String> userId = identities.findUserIdByEmail(app.appId(), email);
        Optional<Account> account = accounts.find(userId.orElseGet(ids::userId));
        if (account.isEmpty()) {
            hasher.verifyWithoutAccount(password);
            failed(app, token, check, attempt, Optional.empty(), LoginFailure.UNKNOWN_ACCOUNT);
            throw invalidLogin();
        }
        Verification verification = hasher.verify(password, account.get().passwordHash());
        if (!verification.matches()) {
            failed(app, token, check, attempt, userId, LoginFailure.WRONG_PASSWORD);
            throw invalidLogin();
        }
        guard.succeeded(app, attempt);
        if (account.get().activationPending()) {
            events.record(SecurityEvent.loginFailed(app.appId(), userId, token.installId(), check,
                    LoginFailure.NOT_ACTIVATED));
            // Only after the password proved the caller's right to know.
            throw new UserlinkException(ErrorCode.ACCOUNT_NOT_ACTIVATED,
                    "This account is not activated yet: open the link in the mail sent when it was registered, or ask"
                            + " for a new one.");
        }
        events.record(SecurityEvent.loginSucceeded(app.appId(), account.get().userId(), token.installId(), check,
                attempt.failures() - 1));
        if (verification == Verification.MATCH_NEEDS_REHASH) {
            // Best effort: a concurrent change keeps its own hash, and the next sign-in tries again.
            accounts.replace(account.get().withPasswordHash(hasher.hash(password), clock.instant()));
        }
        return account.get();
    }

    /** Counts a failed password check, and records it with the limit or the lock it reached. */
    private void failed(App app, AccessToken token, PasswordCheck check, LoginGuard.Attempt attempt,
                        Optional<String> userId, LoginFailure failure) {
        guard.failed(app, attempt);
        events.record(SecurityEvent.loginFailed(app.appId(), userId, token.installId(), check, failure));
        if (attempt.locksWhenFailed()) {
            events.record(SecurityEvent.loginLocked(app.appId(), userId, token.installId()));
        } else if (attempt.firstToWaitWhenFailed()) {
            events.record(SecurityEvent.loginFailuresReached(app.appId(), userId, token.installId(), attempt.failures()));
        }
    }

    private LoggedIn loggedIn(App app, Attached attached, Account account) {
        Optional<TokenPair> pair = attached.newFamily().map(RefreshFamily::familyId)
                .map(family -> tokens.issue(app, attached.install().installId(), Optional.of(attached.user().userId()), family));
        return new LoggedIn(attached.user(), account, attached.install(), pair);
    }

    private void requireUnregistered(App app, EmailAddress email) {
        if (identities.findUserIdByEmail(app.appId(), email).isPresent()) {
            throw new UserlinkException(ErrorCode.EMAIL_ALREADY_REGISTERED,
                    "An account with this email address exists; sign in instead.");
        }
    }

    /**
     * {@code email}, which a link must reach. Refused otherwise (README, "Addresses SES takes"), before any read, so
     * the refusal tells nothing.
     */
    private static EmailAddress deliverable(EmailAddress email) {
        if (email.asciiForm().isEmpty()) {
            throw new UserlinkException(ErrorCode.INVALID_FIELD, "`email` cannot receive mail from this service, which"
                    + " sends only to addresses in ASCII before the @ and within mail's lengths (an international domain"
                    + " is fine); use another.");
        }
        return email;
    }

    static EmailAddress emailAddress(String typed) {
        return EmailAddress.parse(typed).orElseThrow(() -> new UserlinkException(ErrorCode.INVALID_FIELD,
                "`email` must be an email address (name@domain)."));
    }

    private static UserlinkException invalidLogin() {
        return new UserlinkException(ErrorCode.INVALID_LOGIN, "The email address or the password is wrong.");
    }
}
