package io.userlink.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The list of common passwords that the standard policy refuses (README, "Accounts"). */
class CommonPasswordsTest {

    @Test
    void readWhenAListHasCommentsAndBlankLinesThenOnlyItsPasswords() throws IOException {
        String list = "# source and version\n123456\n\npassword\n#not-a-password\nqwerty\n";

        Set<String> passwords = CommonPasswords.read(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));

        assertEquals(Set.of("123456", "password", "qwerty"), passwords);
    }

    @Test
    void loadThenTheShippedListsTenThousandPasswordsWithoutItsHeader() {
        Set<String> passwords = CommonPasswords.load("common-passwords.txt");

        assertEquals(10_000, passwords.size());
        assertTrue(passwords.contains("password"));
        assertFalse(passwords.stream().anyMatch(password -> password.startsWith("#")), "the header is no password");
    }

    @Test
    void loadWhenTheListIsMissingThenRefusedNamingIt() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> CommonPasswords.load("no-such-list.txt"));

        assertEquals("no-such-list.txt is missing from the jar", missing.getMessage());
    }
}
