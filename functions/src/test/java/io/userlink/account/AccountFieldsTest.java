package io.userlink.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bounds of an account's attributes and agreements, and their merge patch (RFC 7396). */
class AccountFieldsTest {

    @Test
    void attributesWhenStringsNumbersBooleansAndNullsThenKeptInOrder() {
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("name", "Ann");
        sent.put("age", 41);
        sent.put("vip", true);
        sent.put("nickname", null);

        assertEquals(List.of("name", "age", "vip", "nickname"), List.copyOf(AccountFields.attributes(sent).keySet()));
    }

    @Test
    void attributesWhenANestedValueOrABadNameThenRefusedNamingIt() {
        assertRefused("`attributes.address`", () -> AccountFields.attributes(Map.of("address", Map.of("city", "Oslo"))));
        assertRefused("`attributes.tags`", () -> AccountFields.attributes(Map.of("tags", List.of("a"))));
        assertRefused("member names", () -> AccountFields.attributes(Map.of("has space", "x")));
        assertRefused("member names", () -> AccountFields.attributes(Map.of("n".repeat(65), "x")));
        assertDoesNotThrow(() -> AccountFields.attributes(Map.of("n".repeat(64), "x")));
    }

    @Test
    void attributesWhenAStringOf1024CharactersThenAcceptedAnd1025Refused() {
        assertDoesNotThrow(() -> AccountFields.attributes(Map.of("bio", "x".repeat(1024))));
        assertRefused("`attributes.bio`", () -> AccountFields.attributes(Map.of("bio", "x".repeat(1025))));
    }

    @Test
    void attributesWhenFiftyMembersThenAcceptedAndFiftyOneRefused() {
        assertDoesNotThrow(() -> AccountFields.attributes(members(50)));
        assertRefused("at most 50", () -> AccountFields.attributes(members(51)));
    }

    @Test
    void agreementsWhenNotBooleansThenRefused() {
        assertEquals(Map.of("terms", true), AccountFields.agreements(Map.of("terms", true)));
        assertRefused("`agreements.terms`", () -> AccountFields.agreements(Map.of("terms", "yes")));
    }

    @Test
    void checkSizeWhenTogetherOver16KibThenRefused() {
        Map<String, Object> large = IntStream.range(0, 16).boxed()
                .collect(Collectors.toMap(i -> "a" + i, i -> "x".repeat(1000)));
        Map<String, Object> larger = new HashMap<>(large);
        larger.put("b", "x".repeat(500));

        assertDoesNotThrow(() -> AccountFields.checkSize(large, Map.of()));
        assertRefused("16384 bytes", () -> AccountFields.checkSize(larger, Map.of("terms", true)));
    }

    @Test
    void checkSizeCountsAttributesAndAgreementsTogetherUpToExactly16Kib() {
        // {"a":"xx…"} is 8 bytes around its string, {} is 2.
        assertDoesNotThrow(() -> AccountFields.checkSize(Map.of("a", "x".repeat(16_384 - 10)), Map.of()));
        assertRefused("16384 bytes", () -> AccountFields.checkSize(Map.of("a", "x".repeat(16_384 - 9)), Map.of()));
        Map<String, Boolean> agreements = IntStream.range(0, 50).boxed()
                .collect(Collectors.toMap(i -> "agreement-" + "n".repeat(40) + i, i -> true));
        assertRefused("16384 bytes", () -> AccountFields.checkSize(Map.of("a", "x".repeat(14_000)), agreements));
    }

    @Test
    void mergedWhenNullThenRemovedAndOtherwiseReplacedOrAdded() {
        Map<String, Object> patch = new HashMap<>();
        patch.put("name", null);
        patch.put("city", "Oslo");

        assertEquals(Map.of("age", 41, "city", "Oslo"), AccountFields.merged(Map.of("name", "Ann", "age", 41), patch));
    }

    private static Map<String, Object> members(int count) {
        return IntStream.range(0, count).boxed().collect(Collectors.toMap(i -> "m" + i, i -> i));
    }

    private static void assertRefused(String mention, Runnable check) {
        UserlinkException refused = assertThrows(UserlinkException.class, check::run);
        assertEquals(ErrorCode.INVALID_FIELD, refused.code());
        assertTrue(refused.detail().contains(mention), refused.detail());
    }
}
