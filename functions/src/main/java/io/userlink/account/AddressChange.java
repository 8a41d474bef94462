package io.userlink.account;

import io.userlink.app.App;
import io.userlink.app.MailKind;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.id.RandomIds;
import io.userlink.identity.ConcurrentChangeException;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.IdentityStore;
import io.userlink.mail.OutboxMail;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.User;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves an account to another address (README, "Changing the address"): the user's record of it, the account,
 * confirmed there, and the claim, in one write with a notice to the address it leaves (OWASP ASVS 5.0 6.3.7). Its owner
 * proves the new address with a mailed link ({@link AccountEmails#confirm}), or an operator moves it on their word.
 */
public final class AddressChange {

    private final IdentityStore identities;
    private final AccountStore accounts;
    private final ConflictRetry retry;
    private final RandomIds ids;
    private final InstantSource clock;

    public AddressChange(IdentityStore identities, AccountStore accounts, ConflictRetry retry, RandomIds ids,
                         InstantSource clock) {
        this.identities = Objects.requireNonNull(identities);
        this.accounts = Objects.requireNonNull(accounts);
        this.retry = Objects.requireNonNull(retry);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Moves the account of {@code userId} to {@code typedNewEmail} without a link, on an operator's word (support,
     * once they know who asks): for someone who can no longer read the old address, or whose account someone else
     * moved. Sessions go on; the person then resets the password with the link mailed to the new address, which ends
     * every session.
     *
     * @throws UserlinkException {@code ACCOUNT_NOT_FOUND}; {@code INVALID_FIELD} for an address that is not one or
     *     is the account's own; {@code EMAIL_ALREADY_REGISTERED} when another account holds it
     */
    public Account moveWithoutLink(App app, String userId, String typedNewEmail) {
        EmailAddress newAddress = AccountService.emailAddress(typedNewEmail);
        return retry.run(() -> {
            Account before = accounts.find(userId).filter(account -> account.appId().equals(app.appId()))
                    .orElseThrow(() -> new UserlinkException(ErrorCode.ACCOUNT_NOT_FOUND, "This user has no account."));
            return move(app, before, requireNew(before, newAddress), Optional.empty());
        });
    }

    /**
     * Moves {@code before} to {@code newAddress}, spending the link's token where there is one.
     *
     * @throws UserlinkException {@code EMAIL_ALREADY_REGISTERED} when another account holds the new address
     * @throws ConcurrentChangeException when the user, the account or the token changed since they were read
     */
    Account move(App app, Account before, EmailAddress newAddress, Optional<String> usedTokenId) {
        // Either spelling of an international domain; an account under the IDNA one is never written any more.
        if (identities.findUserIdByEmail(app.appId(), newAddress).isPresent()) {
            throw addressTaken();
        }
        // A deletion since the account was read fails the move's write (the account is gone), and the retry's read.
        User user = identities.findUser(before.userId()).orElseThrow(() -> new ConcurrentChangeException("the user is gone"));
        Instant now = clock.instant();
        Account moved = before.movedTo(newAddress, now);
        OutboxMail notice = AccountChange.notice(before, MailKind.EMAIL_CHANGED, ids, now);
        return switch (accounts.moveAddress(new AddressMove(user.withEmail(newAddress), moved, before.email(),
                usedTokenId, notice))) {
            case WRITTEN -> moved;
            case ADDRESS_TAKEN -> throw addressTaken();
            case CHANGED_MEANWHILE ->
                    throw new ConcurrentChangeException("the account, its user or the link changed meanwhile");
        };
    }

    /** {@code newAddress}, refused ({@code INVALID_FIELD}) when it is already the address of {@code account}. */
    static EmailAddress requireNew(Account account, EmailAddress newAddress) {
        if (newAddress.equals(account.email().canonical())) {
            throw new UserlinkException(ErrorCode.INVALID_FIELD, "`email` is this account's address already.");
        }
        return newAddress;
    }

    private static UserlinkException addressTaken() {
        return new UserlinkException(ErrorCode.EMAIL_ALREADY_REGISTERED, "Another account of this app has this address"
                + " now, so this account keeps its own; sign in to that one, or ask for a change to another address.");
    }
}
