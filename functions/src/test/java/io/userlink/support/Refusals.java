package io.userlink.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;

/** Asserting how Userlink refuses: the code a caller's program branches on. */
public final class Refusals {

    private Refusals() {}

    /** Asserts that {@code action} is refused with {@code code}; the refusal, for its detail. */
    public static UserlinkException assertCode(ErrorCode code, Runnable action) {
        UserlinkException thrown = assertThrows(UserlinkException.class, action::run);
        assertEquals(code, thrown.code(), thrown.detail());
        return thrown;
    }
}
