package io.userlink.id;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Generates identifiers: a readable kind prefix and lower-case base32 random characters, e.g.
 * {@code ins-3k5…}. Identifiers are not secrets, but they are unguessable so that an id leaked from one
 * app is no map of another's.
 */
public final class RandomIds {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    /** Installs, users and refresh families: 130 random bits. */
    public static final int LONG_ID = 26;
    /** Apps and credential records: 80 random bits, short enough to read aloud. */
    public static final int SHORT_ID = 16;

    private volatile SecureRandom random;

    public RandomIds(SecureRandom random) {
        this.random = Objects.requireNonNull(random);
    }

    /**
     * Replaces the random source, e.g. after a SnapStart restore: every environment restored from one snapshot
     * would otherwise share the generator's state.
     */
    public void reseed(SecureRandom fresh) {
        this.random = Objects.requireNonNull(fresh);
    }

    /** A new id: {@code prefix} followed by {@code length} random base32 characters. */
    public String next(String prefix, int length) {
        SecureRandom source = random;
        StringBuilder id = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            id.append(BASE32[source.nextInt(BASE32.length)]);
        }
        return id.toString();
    }

    public String installId() {
        return next("ins-", LONG_ID);
    }

    public String userId() {
        return next("usr-", LONG_ID);
    }

    public String familyId() {
        return next("fam-", LONG_ID);
    }

    public String appId() {
        return next("app-", SHORT_ID);
    }

    public String credentialId() {
        return next("", SHORT_ID);
    }

    /** The random source of the moment (replaced after a SnapStart restore), for callers that need random values. */
    public SecureRandom random() {
        return random;
    }
}
