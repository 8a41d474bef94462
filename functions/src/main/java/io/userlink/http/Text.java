package io.userlink.http;

/**
 * What the API accepts as text: Unicode, which a Java string can fail to be. A UTF-16 surrogate that is not
 * half of a pair (as JSON's {@code "\ud800"} escape produces) is no character at all: stored as UTF-8 it
 * would become {@code ?}, and two different identifiers would merge. Such strings are refused wherever they
 * are read; accepted strings are compared code point by code point, without normalisation.
 */
final class Text {

    private Text() {}

    /** Whether every surrogate in {@code text} is half of a pair, in order (high then low). */
    static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} is well formed and has no control characters: what an identifier may hold. */
    static boolean isPrintable(String text) {
        return isWellFormed(text) && text.chars().noneMatch(Character::isISOControl);
    }
}
