package io.userlink.credential;

import java.math.BigInteger;

/** Base62 ({@code 0-9A-Za-z}): URL- and copy-paste-safe, no separators a shell or a header would mangle. */
final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);

    private Base62() {}

    /** Encodes {@code bytes} as exactly {@code length} characters (left-padded with '0'). */
    static String encode(byte[] bytes, int length) {
        BigInteger value = new BigInteger(1, bytes);
        char[] out = new char[length];
        for (int i = length - 1; i >= 0; i--) {
            BigInteger[] division = value.divideAndRemainder(BASE);
            out[i] = ALPHABET.charAt(division[1].intValue());
            value = division[0];
        }
        if (value.signum() != 0) {
            throw new IllegalArgumentException("value does not fit in " + length + " base62 characters");
        }
        return new String(out);
    }

    /** Encodes a non-negative number as exactly {@code length} characters. */
    static String encode(long number, int length) {
        return encode(BigInteger.valueOf(number).toByteArray(), length);
    }

    static boolean isBase62(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
