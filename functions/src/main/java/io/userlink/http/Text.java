package io.userlink.http;

/**
 * What the API accepts as text: Unicode, which a Java string can fail to be. A UTF-16 surrogate that is not
 * half of a pair (as JSON's {@code "\ud800"} escape produces) is no character at all: stored as UTF-8 it
 * would become {@code ?}, and two different identifiers would merge. Such strings are refused wherever they
 * are read; accepted strings are compared code point by code point, without normalisation.
 */
final class Text {

    private Text() {}

    /**
     * Whether every surrogate in {@code text} is half of a pair, in order (high then low): {@link String#codePoints}
     * reads such a pair as one supplementary code point and any other surrogate as itself.
     */
    static boolean isWellFormed(String text) {
        return text.codePoints().noneMatch(codePoint -> Character.getType(codePoint) == Character.SURROGATE);
    }

    /** Whether {@code text} is well formed and has no control characters: what an identifier may hold. */
    static boolean isPrintable(String text) {
        return isWellFormed(text) && text.chars().noneMatch(Character::isISOControl);
    }
}
