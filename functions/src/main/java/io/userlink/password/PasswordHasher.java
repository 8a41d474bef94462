package io.userlink.password;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes passwords with PBKDF2-HMAC-SHA256 (the JDK's), a 128-bit random salt and, by default, the 600,000
 * iterations OWASP's Password Storage Cheat Sheet asks of it. A hash is stored as a self-describing string,
 * {@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>} (unpadded base64), so the cost can rise later: a hash of
 * fewer iterations still verifies, and tells the caller to store a new one.
 */
public final class PasswordHasher {

    /** OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet, 2023 onwards). */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PREFIX = "$pbkdf2-sha256$i=";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    /** What a verification found. */
    public enum Verification {
        MATCH,
        /** The password is right, and its hash has fewer iterations than this hasher's: store a new one. */
        MATCH_NEEDS_REHASH,
        MISMATCH;

        public boolean matches() {
            return this != MISMATCH;
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {}

    private final int iterations;
    private final SecureRandom random;
    /** A hash no password matches, of this hasher's cost: what an unknown account is checked against. */
    private final String nobodysHash;

    public PasswordHasher(int iterations, SecureRandom random) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
        this.random = Objects.requireNonNull(random);
        this.nobodysHash = encode(iterations, new byte[SALT_BYTES], new byte[HASH_BITS / 8]);
    }

    /** A new hash of {@code password}, with a fresh salt. */
    public String hash(Password password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return encode(iterations, salt, derive(password, salt, iterations));
    }

    /** Checks {@code password} against a stored hash, in time independent of where the two differ. */
    public Verification verify(Password password, String storedHash) {
        Parsed stored = parse(storedHash)
                .orElseThrow(() -> new IllegalStateException("a stored password hash is not in the "
                        + PREFIX + "... format"));
        byte[] derived = derive(password, stored.salt(), stored.iterations());
        if (!MessageDigest.isEqual(derived, stored.hash())) {
            return Verification.MISMATCH;
        }
        return stored.iterations() < iterations ? Verification.MATCH_NEEDS_REHASH : Verification.MATCH;
    }

    /**
     * Does the work of a verification for a login whose account does not exist, so that its answer takes as long
     * as a wrong password's.
     */
    public void verifyWithoutAccount(Password password) {
        verify(password, nobodysHash);
    }

    private static byte[] derive(Password password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.characters(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String encode(int iterations, byte[] salt, byte[] hash) {
        return PREFIX + iterations + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    private static Optional<Parsed> parse(String stored) {
        if (!stored.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(Integer.parseInt(parts[0]), DECODER.decode(parts[1]), DECODER.decode(parts[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
