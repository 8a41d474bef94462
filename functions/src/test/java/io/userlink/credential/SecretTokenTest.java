package io.userlink.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretTokenTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void parseWhenGeneratedThenRoundTrips() {
        SecretToken token = SecretToken.generate("ulk_", "app-abcdefghijklmnop.qrstuvwxyz234567", random);

        SecretToken parsed = SecretToken.parse("ulk_", token.value()).orElseThrow();

        assertEquals(token, parsed);
        assertEquals(token.secretHash(), parsed.secretHash());
    }

    @Test
    void generateThenCarriesAtLeast160RandomBits() {
        // checklist 5: 23 random bytes
        assertTrue(SecretToken.SECRET_BYTES * 8 >= 160);
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            secrets.add(SecretToken.generate("uls_", "abcd", random).secret());
        }
        assertEquals(10_000, secrets.size());
    }

    @Test
    void parseWhenAnyCharacterChangedThenRejectedByTheChecksum() {
        String value = SecretToken.generate("uls_", "abcdefghijklmnop", random).value();
        for (int i = 4; i < value.length(); i++) {
            char replacement = value.charAt(i) == 'a' ? 'b' : 'a';
            String altered = value.substring(0, i) + replacement + value.substring(i + 1);
            assertFalse(SecretToken.parse("uls_", altered).isPresent(), altered);
        }
    }

    @Test
    void parseWhenPrefixWrongThenRejected() {
        String value = SecretToken.generate("uls_", "abcdefghijklmnop", random).value();

        assertFalse(SecretToken.parse("ulk_", value).isPresent());
    }

    @Test
    void parseWhenTheSecretIsNotBase62ThenRejectedThoughItsChecksumMatches() {
        String outsideTheAlphabet = new SecretToken("uls_", "abcdefghijklmnop", "-".repeat(32)).value();
        String underscores = new SecretToken("uls_", "abcdefghijklmnop", "_".repeat(32)).value();

        assertFalse(SecretToken.parse("uls_", outsideTheAlphabet).isPresent());
        assertFalse(SecretToken.parse("uls_", underscores).isPresent());
    }

    @Test
    void parseWhenTheChecksumIsNotBase62ThenRejected() {
        String value = SecretToken.generate("uls_", "abcdefghijklmnop", random).value();

        assertFalse(SecretToken.parse("uls_", value.substring(0, value.length() - 1) + "-").isPresent());
    }

    @Test
    void toStringThenNeverShowsTheSecretButNamesTheCredential() {
        SecretToken token = SecretToken.generate("uls_", "abcdefghijklmnop", random);

        assertFalse(token.toString().contains(token.secret()));
        assertEquals("uls_abcdefghijklmnop_[redacted]", token.toString());
    }
}
