package io.userlink.config;

/**
 * What a function reads before its SnapStart snapshot, so that its first request after a restore finds the
 * code paths loaded and compiled: only resources the function itself uses, so that its role is allowed the
 * read, and only reads, so that the snapshot holds no state that every restored environment would share.
 */
public enum Priming {
    /** A read of the table: an app that does not exist (the DynamoDB client's pipeline, its connection). */
    TABLE,
    /** A read of the key ring secret, parsed when it holds a ring (a fresh stack's placeholder is not parsed). */
    KEY_RING,
    /**
     * A read of the public keys secret, parsed when it holds keys: for the functions that only verify tokens, which
     * also verify with these keys rather than the ring's.
     */
    PUBLIC_KEYS,
    /**
     * A read of the credentials secret of an app that does not exist (the Secrets Manager client's pipeline, its
     * connection, the not-found answer): for functions that read app credentials and not the key ring, whose
     * Secrets Manager client would otherwise make its first call after the restore.
     */
    APP_CREDENTIALS,
    /**
     * A password hash at full cost and a policy check (loading the common-password list): hashing is most of a
     * sign-in, and its loop must be compiled before the first request.
     */
    PASSWORDS
}
