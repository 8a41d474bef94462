package io.userlink.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lower-case hex: how secrets with enough random bits, and ids kept out of keys, are stored. */
public final class Sha256 {

    private Sha256() {}

    /**
     * The hash of {@code text} (UTF-8). A fast hash suffices for secrets with 184 or more random bits: there is
     * no dictionary to search, unlike passwords.
     */
    public static String hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
