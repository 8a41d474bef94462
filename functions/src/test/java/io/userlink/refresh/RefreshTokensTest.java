package io.userlink.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.support.MemoryUserlink;
import io.userlink.support.Tampered;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Refresh tokens are derived, never stored, and say nothing in logs (README, "Tokens"). */
class RefreshTokensTest {

    private static final String FAMILY = "fam-abcdefghijklmnopqrstuvwxyz";

    private final RefreshTokens tokens = new RefreshTokens(new MemoryUserlink().keyRing()::get);

    @Test
    void tokenThenDeterministicPerFamilyAndGeneration() {
        assertEquals(tokens.token(FAMILY, 3), tokens.token(FAMILY, 3));
        assertNotEquals(tokens.token(FAMILY, 3), tokens.token(FAMILY, 4));
        assertTrue(tokens.token(FAMILY, 0).startsWith("ulr_" + FAMILY + "_0_"));
    }

    @Test
    void authenticateThenOnlyOurOwnTokens() {
        String token = tokens.token(FAMILY, 2);

        RefreshTokens.Presented presented = tokens.authenticate(token).orElseThrow();

        assertEquals(FAMILY, presented.familyId());
        assertEquals(2, presented.generation());
        assertEquals(Optional.empty(), tokens.authenticate(Tampered.lastCharacter(token)));
        assertEquals(Optional.empty(), tokens.authenticate(token.replace("_2_", "_3_")));
        assertEquals(Optional.empty(), tokens.authenticate(null));
        assertEquals(Optional.empty(), tokens.authenticate("ulr_" + FAMILY + "_01_" + "A".repeat(43)));
    }

    @Test
    void familyIdOfThenReadsTheShapeWithoutProvingAnything() {
        assertEquals(Optional.of(FAMILY), RefreshTokens.familyIdOf("ulr_" + FAMILY + "_0_" + "A".repeat(43)));
        assertEquals(Optional.empty(), RefreshTokens.familyIdOf(null));
        assertEquals(Optional.empty(), RefreshTokens.familyIdOf("ulr_x"));
    }

    @Test
    void toStringsThenNeverTheToken() {
        String token = tokens.token(FAMILY, 1);
        RefreshTokens.Presented presented = tokens.authenticate(token).orElseThrow();

        assertEquals("Presented[" + FAMILY + "#1]", presented.toString());
        assertFalse(presented.toString().contains(token));
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        Rotation rotation = new Rotation(new RefreshFamily(FAMILY, "app-a", "ins-i", Optional.empty(), 1, "hash-1",
                Optional.empty(), now, now, now, now.plus(Duration.ofDays(30)), Duration.ofDays(7), Duration.ofMinutes(15),
                Optional.empty()), token);
        assertEquals("Rotation[" + FAMILY + "#1]", rotation.toString());
    }
}
