package io.userlink.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.password.PasswordHasher.Verification;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** Password hashes: PBKDF2-HMAC-SHA256 in a self-describing format (README, "Accounts"). */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000, new SecureRandom());

    @Test
    void hashWhenVerifiedWithTheSamePasswordThenMatchesAndWithAnotherThenNot() {
        String hash = hasher.hash(Password.of("correct horse battery"));

        assertEquals(Verification.MATCH, hasher.verify(Password.of("correct horse battery"), hash));
        assertEquals(Verification.MISMATCH, hasher.verify(Password.of("correct horse batterx"), hash));
    }

    @Test
    void hashIsSelfDescribingWithA128BitSaltAndSaltedFreshEachTime() {
        String first = hasher.hash(Password.of("correct horse battery"));
        String second = hasher.hash(Password.of("correct horse battery"));

        assertTrue(first.startsWith("$pbkdf2-sha256$i=1000$"), first);
        String[] parts = first.split("\\$");
        assertEquals(16, Base64.getDecoder().decode(parts[3]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[4]).length);
        assertNotEquals(first, second);
    }

    @Test
    void hashIsStandardPbkdf2OfTheNormalisedUtf8Password() throws Exception {
        String hash = hasher.hash(Password.of("ﬁsh and chips"));
        String[] parts = hash.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[3]);

        // An independent derivation: RFC 8018 PBKDF2 of "fish and chips" (NFKC of the ligature), UTF-8.
        byte[] expected = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("fish and chips".toCharArray(), salt, 1_000, 256)).getEncoded();
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(Base64.getDecoder().decode(parts[4])));
    }

    @Test
    void verifyWhenTheHashHasFewerIterationsThanTodaysThenMatchesAndAsksForARehash() {
        String old = new PasswordHasher(500, new SecureRandom()).hash(Password.of("correct horse battery"));

        assertEquals(Verification.MATCH_NEEDS_REHASH, hasher.verify(Password.of("correct horse battery"), old));
        assertEquals(Verification.MISMATCH, hasher.verify(Password.of("wrong"), old));
    }

    @Test
    void verifyWhenTheStoredHashIsNotInTheFormatThenFailsLoudlyWithoutTheHash() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> hasher.verify(Password.of("x"), "plaintext-secret"));

        assertFalse(failure.getMessage().contains("plaintext-secret"));
    }

    @Test
    void constructorWhenNoIterationsThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0, new SecureRandom()));
        assertTrue(new PasswordHasher(1, new SecureRandom()).hash(Password.of("x")).startsWith("$pbkdf2-sha256$i=1$"));
    }

    @Test
    void defaultCostIsOwasps() {
        assertEquals(600_000, PasswordHasher.DEFAULT_ITERATIONS);
    }
}
