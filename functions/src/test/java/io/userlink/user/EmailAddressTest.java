package io.userlink.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One mailbox, one account: how addresses are normalised and which are refused. */
class EmailAddressTest {

    @Test
    void parseNormalisesCaseWidthAndSurroundingSpace() {
        assertEquals(Optional.of(new EmailAddress("ann@example.com")), EmailAddress.parse("  Ann@Example.COM "));
        assertEquals(Optional.of(new EmailAddress("ann@example.com")), EmailAddress.parse("ａｎｎ@example.com"));
    }

    @Test
    void parseWhenNotTheShapeOfAnAddressThenEmpty() {
        for (String bad : new String[] {"", "ann", "@example.com", "ann@", "ann@example", "ann@@example.com",
                "a@b@example.com", "ann smith@example.com", "ann@example..com", "ann@.example.com", "ann@example.com.",
                "<ann@example.com>", "ann\u0000@example.com", "x".repeat(65) + "@example.com",
                "ann@" + "d".repeat(250) + ".com"}) {
            assertEquals(Optional.empty(), EmailAddress.parse(bad), bad);
        }
    }

    @Test
    void localPartIsBeforeTheAt() {
        assertEquals("ann.smith+news", EmailAddress.parse("ann.smith+news@example.com").orElseThrow().localPart());
    }
}
