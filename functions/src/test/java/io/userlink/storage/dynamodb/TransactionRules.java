package io.userlink.storage.dynamodb;

import io.userlink.identity.Transition;
import java.time.Instant;

/**
 * DynamoDB's rules for one transaction (at least one action, at most 100, no item twice), applied to the actions the
 * DynamoDB store would send for a {@link Transition}: how a store standing in for it in unit tests refuses what a
 * deployment would, counting the items DynamoDB counts rather than a list of its own.
 */
public final class TransactionRules {

    private TransactionRules() {
    }

    /** @throws IllegalArgumentException as the DynamoDB store does, for a transition that is not one transaction */
    public static void check(Transition transition) {
        TransitionWrites.requireOneTransaction(TransitionWrites.of(transition, "table", Instant.EPOCH));
    }
}
