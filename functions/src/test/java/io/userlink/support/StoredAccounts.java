package io.userlink.support;

import io.userlink.identity.IdentityStore;
import io.userlink.identity.Transition;
import io.userlink.identity.UserWrite;
import io.userlink.password.Password;
import io.userlink.password.PasswordHasher;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.User;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Accounts written to a store as they are, past today's registration: as an older Userlink kept them. */
public final class StoredAccounts {

    private StoredAccounts() {}

    /**
     * Stores an active account under {@code address} exactly, with {@code password} hashed at a low cost. Before
     * {@link EmailAddress#parse} read a domain's IDNA labels as Unicode, {@code bea@xn--mller-kva.de} was kept so.
     */
    public static void store(IdentityStore store, String appId, String userId, EmailAddress address, String password,
                             Instant now) {
        String hash = new PasswordHasher(10, new SecureRandom()).hash(Password.of(password));
        store.commit(Transition.of(new UserWrite.Create(User.registered(userId, appId, address, now).touched()))
                .newAccount(Account.registered(userId, appId, address, hash, Map.of(), Map.of(), Optional.empty(), false, now))
                .build());
    }
}
