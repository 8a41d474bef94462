package io.userlink.account;

import io.userlink.app.App;
import io.userlink.app.MailKind;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.id.RandomIds;
import io.userlink.identity.ConcurrentChangeException;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.IdentityStore;
import io.userlink.mail.MailToken;
import io.userlink.mail.MailTokens;
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
 * proves the new address with a mailed link ({@link AccountEmails#confirm}), or an operator moves it on their word; the
 * notice of a move by link may carry a link back ({@link AccountEmails#resetPassword}).
 */
public final class AddressChange {

    private static final String TAKEN_FOR_A_MOVE = "Another account of this app has this address now, so this account"
            + " keeps its own; sign in to that one, or ask for a change to another address.";

    /**
     * An operator's move.
     *
     * @param account the account as it is afterwards
     * @param killedLinkBack the link back a move by link had mailed, still usable until this move killed it
     */
    public record SupportMove(Account account, Optional<MailToken> killedLinkBack) {}

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
     * every session. The move settles where the account is: a link back mailed after an earlier move dies, and the
     * old address is told without one.
     *
     * @throws UserlinkException {@code ACCOUNT_NOT_FOUND}; {@code INVALID_FIELD} for an address that is not one or
     *     is the account's own; {@code EMAIL_ALREADY_REGISTERED} when another account holds it
     */
    public SupportMove moveWithoutLink(App app, String userId, String typedNewEmail) {
        EmailAddress newAddress = AccountService.emailAddress(typedNewEmail);
        return retry.run(() -> {
            Account before = accounts.find(userId).filter(account -> account.appId().equals(app.appId()))
                    .orElseThrow(() -> new UserlinkException(ErrorCode.ACCOUNT_NOT_FOUND, "This user has no account."));
            Instant now = clock.instant();
            Optional<MailToken> killed = liveUndo(before, now);
            return new SupportMove(write(app, before, before.movedTo(requireNew(before, newAddress), Optional.empty(),
                    now), Optional.empty(), AccountChange.notice(before, MailKind.EMAIL_CHANGED, ids, now),
                    Optional.empty(), TAKEN_FOR_A_MOVE), killed);
        });
    }

    /**
     * Moves {@code before} to the address {@code link} was mailed to, spending it. The notice to the old address
     * carries a link back (OWASP ASVS 5.0 6.3.7 asks for the notice; the link lets the owner of a taken account take it
     * back alone) where the app offers one ({@link io.userlink.app.AccountMail#offersLinkBack}), and the account names
     * no live link back already: a second move within the week keeps the first one's, so whoever moved the account
     * cannot replace the owner's link with one of their own.
     *
     * @param mailTokens what makes the link back (the operator's moves, which make none, have no key ring to make one)
     * @throws UserlinkException {@code EMAIL_ALREADY_REGISTERED} when another account holds the new address
     * @throws ConcurrentChangeException when the user, the account or the token changed since they were read
     */
    Account moveByLink(App app, Account before, MailToken link, MailTokens mailTokens) {
        Instant now = clock.instant();
        Optional<String> kept = liveUndo(before, now).map(MailToken::tokenId);
        Optional<MailToken> undo = kept.isPresent() || !app.settings().accountMail().offersLinkBack()
                ? Optional.empty()
                : Optional.of(mailTokens.issueAddressUndo(app.appId(), before.userId(), before.email(), now));
        OutboxMail notice = OutboxMail.of(ids, undo.isPresent() ? MailKind.UNDO_EMAIL_CHANGE : MailKind.EMAIL_CHANGED,
                app.appId(), before.userId(), before.email(), undo.map(MailToken::tokenId), now);
        Account moved = before.movedTo(link.newAddress().orElseThrow(), undo.map(MailToken::tokenId).or(() -> kept),
                now);
        return write(app, before, moved, Optional.of(link.tokenId()), notice, undo, TAKEN_FOR_A_MOVE);
    }

    /**
     * Moves {@code before} back to the address the link back {@code link} was mailed to, with the new password of
     * {@code passwordHash}, spending it; the address it leaves is told, without a link.
     *
     * @throws UserlinkException {@code EMAIL_ALREADY_REGISTERED} when another account holds that address now
     * @throws ConcurrentChangeException when the user, the account or the token changed since they were read
     */
    Account moveBack(App app, Account before, MailToken link, String passwordHash) {
        Instant now = clock.instant();
        return write(app, before, before.movedBack(link.newAddress().orElseThrow(), passwordHash, now),
                Optional.of(link.tokenId()), AccountChange.notice(before, MailKind.EMAIL_CHANGED, ids, now),
                Optional.empty(), "Another account of this app has the address this link leads back to now, so the"
                        + " account stays where it is; ask the app's support, who can move it.");
    }

    /**
     * Writes the move of {@code before} to {@code moved}'s address, with the notice to the address it leaves.
     *
     * @param takenDetail what the refusal says when another account holds the address
     */
    private Account write(App app, Account before, Account moved, Optional<String> usedTokenId, OutboxMail notice,
                          Optional<MailToken> undo, String takenDetail) {
        // Either spelling of an international domain; an account under the IDNA one is never written any more.
        if (identities.findUserIdByEmail(app.appId(), moved.email()).isPresent()) {
            throw addressTaken(takenDetail);
        }
        // A deletion since the account was read fails the move's write (the account is gone), and the retry's read.
        User user = identities.findUser(before.userId()).orElseThrow(() -> new ConcurrentChangeException("the user is gone"));
        return switch (accounts.moveAddress(new AddressMove(user.withEmail(moved.email()), moved, before.email(),
                usedTokenId, notice, undo))) {
            case WRITTEN -> moved;
            case ADDRESS_TAKEN -> throw addressTaken(takenDetail);
            case CHANGED_MEANWHILE ->
                    throw new ConcurrentChangeException("the account, its user or the link changed meanwhile");
        };
    }

    /** The link back {@code account} names, while it may still be used. */
    private Optional<MailToken> liveUndo(Account account, Instant now) {
        return account.undoTokenId().flatMap(accounts::findToken).filter(token -> !token.expired(now));
    }

    /** {@code newAddress}, refused ({@code INVALID_FIELD}) when it is already the address of {@code account}. */
    static EmailAddress requireNew(Account account, EmailAddress newAddress) {
        if (newAddress.equals(account.email().canonical())) {
            throw new UserlinkException(ErrorCode.INVALID_FIELD, "`email` is this account's address already.");
        }
        return newAddress;
    }

    private static UserlinkException addressTaken(String detail) {
        return new UserlinkException(ErrorCode.EMAIL_ALREADY_REGISTERED, detail);
    }
}
