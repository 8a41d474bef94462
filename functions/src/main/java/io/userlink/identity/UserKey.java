package io.userlink.identity;

import io.userlink.user.Account;

/** How a login names the user an install joins. */
public sealed interface UserKey {

    /** The customer's external id: its user, created on first use (legacy linking, authentication codes). */
    record ExternalId(String value) implements UserKey {}

    /** The user of an account whose password was just verified (sign-in): it must still exist. */
    record AccountUser(String userId) implements UserKey {}

    /**
     * A new account (registration): its user is created, and the account stored and its email claimed in the
     * same transition (the claim fails if the email was registered meanwhile).
     */
    record NewAccount(Account account) implements UserKey {}
}
