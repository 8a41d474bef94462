package io.userlink.local.iam;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * An AWS access key: its id, its secret and, for temporary credentials, the session token. Made up locally
 * with the shapes AWS uses ({@code AKIA…} long-term, {@code ASIA…} temporary).
 */
public record AccessKey(String id, String secret, Optional<String> sessionToken) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public AccessKey {
        Objects.requireNonNull(id);
        Objects.requireNonNull(secret);
        Objects.requireNonNull(sessionToken);
    }

    /** A new long-term key, as an IAM user has. */
    public static AccessKey longTerm() {
        return new AccessKey("AKIA" + random(ID_ALPHABET, 16), random(SECRET_ALPHABET, 40), Optional.empty());
    }

    /** New temporary credentials, as an assumed role (a Lambda execution role) has. */
    public static AccessKey temporary() {
        return new AccessKey("ASIA" + random(ID_ALPHABET, 16), random(SECRET_ALPHABET, 40),
                Optional.of(random(SECRET_ALPHABET, 120)));
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Keeps the secret and the token out of logs. */
    @Override
    public String toString() {
        return "AccessKey[" + id + "]";
    }
}
