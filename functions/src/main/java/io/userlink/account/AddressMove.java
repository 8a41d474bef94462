package io.userlink.account;

import io.userlink.mail.MailToken;
import io.userlink.mail.OutboxMail;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.User;
import java.util.Objects;
import java.util.Optional;

/**
 * An account moved to the address its owner proved with a mailed link, written all or nothing: the user and the
 * account at the new address (each under the version before it), the old address's claim released and the new one
 * taken (only if no account holds it), the link's token (if any) used up, the link back (if any) stored, and the
 * notice to the old address put in the outbox.
 *
 * @param user the user as it is afterwards
 * @param account the account as it is afterwards
 * @param oldAddress the address the account leaves, as the account (and the user, and its claim) hold it
 * @param usedTokenId the link's token, which must still be there; none when an operator moves the account
 * @param undoToken a new link back to the old address, which the account names and the notice carries
 */
public record AddressMove(User user, Account account, EmailAddress oldAddress, Optional<String> usedTokenId,
                          OutboxMail notice, Optional<MailToken> undoToken) {

    public AddressMove {
        Objects.requireNonNull(user);
        Objects.requireNonNull(account);
        Objects.requireNonNull(oldAddress);
        Objects.requireNonNull(usedTokenId);
        Objects.requireNonNull(notice);
        Objects.requireNonNull(undoToken);
        if (!user.email().equals(Optional.of(account.email()))) {
            throw new IllegalArgumentException("the user and its account move to one address");
        }
        if (undoToken.isPresent() && !(account.undoTokenId().equals(undoToken.map(MailToken::tokenId))
                && notice.tokenId().equals(account.undoTokenId()))) {
            throw new IllegalArgumentException("the account names the new link back, and the notice carries it");
        }
    }
}
