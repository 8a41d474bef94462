package io.userlink.account;

import io.userlink.app.MailKind;
import io.userlink.id.RandomIds;
import io.userlink.mail.MailToken;
import io.userlink.mail.OutboxMail;
import io.userlink.user.Account;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One atomic change around an account, written all or nothing: the account replaced (under the version before
 * it), a mailed token stored or used up, and the mail the change causes put in the outbox (only if no mail of its
 * id is there).
 *
 * @param replaced the account as it is afterwards
 * @param newToken a token to store; the account names it
 * @param usedTokenId a token to delete; it must still exist
 * @param mail the mail to send once the change committed
 */
public record AccountChange(Optional<Account> replaced, Optional<MailToken> newToken, Optional<String> usedTokenId,
                            Optional<OutboxMail> mail) {

    public AccountChange {
        Objects.requireNonNull(replaced);
        Objects.requireNonNull(newToken);
        Objects.requireNonNull(usedTokenId);
        Objects.requireNonNull(mail);
    }

    /** A mail alone, caused by a request rather than a change. */
    public static AccountChange mailOnly(OutboxMail mail) {
        return new AccountChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(mail));
    }

    /** {@code account} changed, and a notice of it mailed to its address. */
    public static AccountChange noticed(Account account, MailKind notice, RandomIds ids) {
        return new AccountChange(Optional.of(account), Optional.empty(), Optional.empty(),
                Optional.of(notice(account, notice, ids, account.updatedAt())));
    }

    /** A mail without a link to the address of {@code account}, about what was done to it {@code at}. */
    static OutboxMail notice(Account account, MailKind kind, RandomIds ids, Instant at) {
        return OutboxMail.of(ids, kind, account.appId(), account.userId(), account.email(), Optional.empty(), at);
    }

    /** A new token for {@code account} (which names it), mailed. */
    public static AccountChange tokenMailed(Account account, MailToken token, OutboxMail mail) {
        return new AccountChange(Optional.of(account), Optional.of(token), Optional.empty(), Optional.of(mail));
    }

    /** A token used up to change {@code account}, with the mail that change causes, if any. */
    public static AccountChange tokenUsed(Account account, String tokenId, Optional<OutboxMail> mail) {
        return new AccountChange(Optional.of(account), Optional.empty(), Optional.of(tokenId), mail);
    }
}
