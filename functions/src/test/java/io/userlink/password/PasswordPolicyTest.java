package io.userlink.password;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import org.junit.jupiter.api.Test;

/** The password rules an app chooses (README, "Accounts"). */
class PasswordPolicyTest {

    @Test
    void standardWhenLongUncommonAndUnrelatedToTheEmailThenAccepted() {
        assertDoesNotThrow(() -> PasswordPolicy.STANDARD.check(Password.of("correct horse battery"), 8, "ann"));
        assertDoesNotThrow(() -> PasswordPolicy.STANDARD.check(Password.of("x".repeat(256)), 8, "ann"), "pass phrases fit");
    }

    @Test
    void standardWhenShorterThanTheAppsMinimumThenRefusedNamingTheRule() {
        assertRefused("min_length", () -> PasswordPolicy.STANDARD.check(Password.of("tr0ub4d"), 8, "ann"));
        assertRefused("min_length", () -> PasswordPolicy.STANDARD.check(Password.of("tr0ub4dor&3x"), 16, "ann"));
        assertDoesNotThrow(() -> PasswordPolicy.STANDARD.check(Password.of("tr0ub4do"), 8, "ann"));
    }

    @Test
    void standardCountsCharactersNotUtf16Units() {
        // Eight emoji are eight characters, sixteen UTF-16 units.
        assertDoesNotThrow(() -> PasswordPolicy.STANDARD.check(Password.of("🔑🔒🔓🗝🔐🛡🧩🎲"), 8, "ann"));
        assertRefused("min_length", () -> PasswordPolicy.STANDARD.check(Password.of("🔑🔒🔓🗝🔐🛡🧩"), 8, "ann"));
    }

    @Test
    void anyPolicyWhenLongerThan256CharactersThenRefused() {
        assertRefused("max_length", () -> PasswordPolicy.STANDARD.check(Password.of("x".repeat(257)), 8, "ann"));
        assertRefused("max_length", () -> PasswordPolicy.LEGACY.check(Password.of("Aa1!".repeat(65)), 8, "ann"));
    }

    @Test
    void standardWhenAmongTheMostCommonPasswordsInAnyCaseThenRefused() {
        assertRefused("common_password", () -> PasswordPolicy.STANDARD.check(Password.of("password1"), 8, "ann"));
        assertRefused("common_password", () -> PasswordPolicy.STANDARD.check(Password.of("BASEBALL"), 8, "ann"));
        assertTrue(CommonPasswords.contains("123456"), "the list's most common entry");
        assertFalse(CommonPasswords.contains("correct horse battery"));
    }

    @Test
    void standardWhenContainingTheEmailsNameThenRefusedUnlessTheNameIsShort() {
        assertRefused("contains_email", () -> PasswordPolicy.STANDARD.check(Password.of("xxMargaret-2024"), 8, "margaret"));
        assertDoesNotThrow(() -> PasswordPolicy.STANDARD.check(Password.of("jo-is-my-horse-name"), 8, "jo"));
        assertRefused("contains_email", () -> PasswordPolicy.STANDARD.check(Password.of("annandthehorse"), 8, "ann"));
    }

    @Test
    void standardNormalisesBeforeChecking() {
        // A full-width "ｐａｓｓｗｏｒｄ１" is "password1" under NFKC.
        assertRefused("common_password", () -> PasswordPolicy.STANDARD.check(Password.of("ｐａｓｓｗｏｒｄ１"), 8, "ann"));
    }

    @Test
    void legacyWhenTheSourceProductsCompositionThenAcceptedEvenIfShortOrCommon() {
        assertDoesNotThrow(() -> PasswordPolicy.LEGACY.check(Password.of("Aa1!xy"), 8, "ann"));
        assertDoesNotThrow(() -> PasswordPolicy.LEGACY.check(Password.of("Password1!"), 8, "ann"));
    }

    @Test
    void legacyWhenAClassIsMissingOrTooShortThenRefused() {
        for (String weak : new String[] {"Aa1!x", "aa1!xy", "AA1!XY", "Aa!!xy", "Aa11xy"}) {
            assertRefused("legacy_composition", () -> PasswordPolicy.LEGACY.check(Password.of(weak), 8, "ann"));
        }
    }

    @Test
    void refusalNeverEchoesThePassword() {
        UserlinkException refused = assertThrows(UserlinkException.class,
                () -> PasswordPolicy.STANDARD.check(Password.of("hunter2"), 8, "ann"));

        assertFalse(refused.detail().contains("hunter2"));
        assertEquals("Password[hidden]", Password.of("hunter2").toString());
    }

    private static void assertRefused(String rule, Runnable check) {
        UserlinkException refused = assertThrows(UserlinkException.class, check::run);
        assertEquals(ErrorCode.PASSWORD_POLICY, refused.code());
        assertTrue(refused.detail().contains("`" + rule + "`"), refused.detail());
    }
}
