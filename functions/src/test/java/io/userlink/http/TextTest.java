package io.userlink.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void isWellFormedWhenEverySurrogateIsHalfOfAPairThenTrue() {
        assertTrue(Text.isWellFormed(""));
        assertTrue(Text.isWellFormed("mallory?X"));
        assertTrue(Text.isWellFormed("emoji-\uD83D\uDE00-end"));
        assertTrue(Text.isWellFormed("\uD83D\uDE00"));
    }

    @Test
    void isWellFormedWhenASurrogateIsAloneOrOutOfOrderThenFalse() {
        assertFalse(Text.isWellFormed("mallory\uD800X"), "lone high");
        assertFalse(Text.isWellFormed("mallory\uDFFFX"), "lone low");
        assertFalse(Text.isWellFormed("end\uD83D"), "high at the end");
        assertFalse(Text.isWellFormed("\uDE00\uD83D"), "low before high");
        assertFalse(Text.isWellFormed("\uD83D\uD83D\uDE00"), "two highs");
    }

    @Test
    void isPrintableWhenControlCharacterThenFalse() {
        assertFalse(Text.isPrintable("a\u0000b"));
        assertFalse(Text.isPrintable("a\nb"));
        assertFalse(Text.isPrintable("a\u009fb"));
        assertTrue(Text.isPrintable("café ☕ \uD83D\uDE00"));
    }
}
