package io.userlink.account;

import io.userlink.mail.MailToken;
import io.userlink.user.Account;
import java.util.Optional;

/**
 * Where accounts and their mailed tokens are read and changed. An account is created with its user, in the
 * identity store's transition, and removed with it.
 */
public interface AccountStore {

    /** The account of {@code userId}, read strongly consistent. */
    Optional<Account> find(String userId);

    /**
     * Replaces the stored account with {@code account}, if the stored one is still at the version before it.
     *
     * @return false when another change came first (or the account is gone)
     */
    boolean replace(Account account);

    /** The stored token of {@code tokenId}, read strongly consistent; expired ones too, until TTL removes them. */
    Optional<MailToken> findToken(String tokenId);

    /**
     * Writes {@code change} atomically.
     *
     * @return false when the account changed meanwhile, the used token is gone, or the outbox already holds a
     *     mail of the same id; nothing is written then
     */
    boolean commit(AccountChange change);

    /** What became of a write of several items. */
    enum WriteOutcome {
        WRITTEN,
        /** Another account holds the new address: nothing was written. */
        ADDRESS_TAKEN,
        /** The user, the account or the token changed meanwhile: nothing was written. */
        CHANGED_MEANWHILE
    }

    /** Writes {@code move} atomically. */
    WriteOutcome moveAddress(AddressMove move);
}
