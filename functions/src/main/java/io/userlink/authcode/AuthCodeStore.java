package io.userlink.authcode;

import java.util.Optional;

/**
 * Where authentication codes live, by hash. A code is marked redeemed in the transition that attaches its
 * install (see {@code Transition.consumeCode}), so redemption and attachment succeed or fail together.
 */
public interface AuthCodeStore {

    /** The code with this hash, read strongly consistent; it may have expired (TTL deletes lazily). */
    Optional<AuthCode> find(String codeHash);

    /** Stores a new code. */
    void create(AuthCode code);
}
