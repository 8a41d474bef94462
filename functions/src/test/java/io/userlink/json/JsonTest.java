package io.userlink.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parseWhenAnyValueThenMapsInOrderListsAndTheSmallestNumberType() {
        // when
        Object parsed = Json.parse("""
                {"z": 1, "a": [true, false, null], "long": 4294967296, "big": 123456789012345678901234567890,
                 "float": 1.5, "exponent": 1e2, "text": "\\u00e9\\n\\"q\\" 😀"}""");

        // then
        Map<?, ?> object = assertInstanceOf(Map.class, parsed);
        assertEquals(List.of("z", "a", "long", "big", "float", "exponent", "text"), List.copyOf(object.keySet()));
        assertEquals(1, object.get("z"));
        assertEquals(Arrays.asList(true, false, null), object.get("a"));
        assertEquals(4_294_967_296L, object.get("long"));
        assertEquals(new BigInteger("123456789012345678901234567890"), object.get("big"));
        assertEquals(1.5, object.get("float"));
        assertEquals(100.0, object.get("exponent"));
        assertEquals("é\n\"q\" 😀", object.get("text"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1, \"a\": 2}", "{\"outer\": {\"a\": 1, \"a\": 1}}", "[{\"a\": 1, \"b\": 2, \"a\": 3}]"})
    void parseWhenAnObjectNamesAMemberTwiceThenRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} x", "{}{}", "1 2", "[1] ]", "{\"a\": 1}}", "", "   ", "{\"a\": 1", "'a'", "{a: 1}", "NaN"})
    void parseWhenNotExactlyOneJsonValueThenRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
    }

    @Test
    void parseWhenOneValueAmidWhitespaceThenRead() {
        assertEquals(Map.of("a", 1), Json.parse(" \n\t{\"a\": 1}\r\n "));
    }

    @Test
    void parseWhenNestedBeyondAThousandLevelsThenRefusedWithoutOverflowingTheStack() {
        // given
        String deep = "[".repeat(100_000);

        // when / then
        assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        assertEquals(1, ((List<?>) ((List<?>) Json.parse("[".repeat(999) + "1" + "]".repeat(999))).getFirst()).size());
    }

    @Test
    void parseWhenRefusedThenTheMessageNamesNoContent() {
        // when
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"password\": hunter2-secret}"));

        // then
        assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("not JSON"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "1", "\"text\"", "null", "{\"a\": 1} {}"})
    void parseTrustedObjectWhenNotOneObjectThenRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Json.parseTrustedObject(text));
    }

    @Test
    void readEventWhenUtf8BytesThenTheObject() throws Exception {
        // given
        byte[] bytes = "{\"routeKey\": \"GET /v1/ünïcode\"}".getBytes(StandardCharsets.UTF_8);

        // when
        Map<String, Object> event = Json.readEvent(new ByteArrayInputStream(bytes));

        // then
        assertEquals(Map.of("routeKey", "GET /v1/ünïcode"), event);
    }

    @Test
    void writeWhenMapsListsAndScalarsThenJsonThatParsesBackToThem() {
        // given
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", List.of(1, 2L, 2.5, new BigInteger("123456789012345678901234567890")));
        value.put("nested", Map.of("inner", List.of()));
        value.put("a", null);
        value.put("set", new TreeSet<>(List.of("y", "x")));
        value.put("text", "line\n\u0000\"quoted\" </script> é 😀");
        value.put("flag", true);

        // when
        String written = Json.write(value);

        // then
        assertEquals("{\"b\":[1,2,2.5,123456789012345678901234567890],\"nested\":{\"inner\":[]},\"a\":null,\"set\":[\"x\",\"y\"],"
                + "\"text\":\"line\\n\\u0000\\\"quoted\\\" </script> é 😀\",\"flag\":true}", written);
        Map<String, Object> expected = new LinkedHashMap<>(value);
        expected.put("b", List.of(1, 2, 2.5, new BigInteger("123456789012345678901234567890"))); // 2L reads as an int
        expected.put("set", List.of("x", "y"));
        assertEquals(expected, Json.parse(written));
    }

    @Test
    void writeWhenAValueOfAnotherTypeThenRefusedNamingItsTypeNotItsContent() {
        // when
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Json.write(Map.of("at", Instant.ofEpochSecond(1_700_000_000L))));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(new BigDecimal("1.5"))),
                "numbers are written as the parser reads them: Integer, Long, BigInteger, Double");

        // then
        assertTrue(refused.getMessage().contains("java.time.Instant"), refused.getMessage());
        assertFalse(refused.getMessage().contains("2023"), refused.getMessage());
    }
}
