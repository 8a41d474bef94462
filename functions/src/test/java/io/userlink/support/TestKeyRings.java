package io.userlink.support;

import io.userlink.json.Json;
import io.userlink.token.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Key rings made once with {@code KeyRing.generate} (and one rotated with {@code KeyRing.rotate}), kept in
 * {@code test-key-rings.json} for the tests that need a ring but do not test how one is made. An RSA key takes
 * 100-600 ms to generate in a fresh JVM: mutation testing starts one for each mutated class and runs in it every test
 * class that covers the class, and the integration tests built a ring per test. Test keys only: no deployment and no
 * {@code userlink serve} reads them; each generates its own on its first rotation.
 */
public final class TestKeyRings {

    private static final Map<String, Object> RINGS = read();

    /** A ring as the first rotation leaves it: next and current, no previous key. */
    public static final KeyRing FIRST = ring("first");
    /** Another deployment's ring: no key and no refresh token key in common with {@link #FIRST}. */
    public static final KeyRing ANOTHER_DEPLOYMENT = ring("another_deployment");
    /** A ring rotated once: next, current and previous. */
    public static final KeyRing ROTATED = ring("rotated");

    private TestKeyRings() {}

    @SuppressWarnings("unchecked")
    private static KeyRing ring(String name) {
        return KeyRing.fromSecretJson((Map<String, Object>) RINGS.get(name));
    }

    private static Map<String, Object> read() {
        try (InputStream in = TestKeyRings.class.getResourceAsStream("/test-key-rings.json")) {
            return Json.parseTrustedObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
