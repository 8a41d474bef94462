package io.userlink.secrets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.support.TestKeyRings;
import io.userlink.token.KeyRing;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RotatedSecretTest {

    @Test
    void isPlaceholderOnlyForTheTemplatesInitialValue() {
        KeyRing ring = TestKeyRings.FIRST;

        assertTrue(RotatedSecret.isPlaceholder(Map.of("placeholder", "x")));
        assertFalse(RotatedSecret.isPlaceholder(Map.of("placeholder", "x", "current", "y")));
        assertFalse(RotatedSecret.isPlaceholder(ring.toSecretJson()));
        assertFalse(RotatedSecret.isPlaceholder(ring.publicKeys().toJwks()));
    }
}
