package io.userlink.http;

import static io.userlink.support.Refusals.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.error.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed members of a request body, and the 400 each wrong one gets. */
class JsonObjectTest {

    private enum Colour { RED, DARK_BLUE }

    private final JsonObject body = JsonObject.parse("""
            {"name": "Ann", "empty": "", "number": 7, "flag": true, "object": {"a": 1}, "nothing": null,
             "colour": "dark_blue", "shouting": "RED", "control": "a\\u0007b"}""");

    @Test
    void requiredStringWhenPresentWithinItsLengthThenItElseInvalidFieldSayingWhy() {
        assertEquals("Ann", body.requiredString("name", 3));

        assertRefused("`name` must be 1 to 2 characters long.", () -> body.requiredString("name", 2));
        assertRefused("`empty` must be 1 to 10 characters long.", () -> body.requiredString("empty", 10));
        assertRefused("`number` must be a string.", () -> body.requiredString("number", 10));
        assertRefused("`absent` is required.", () -> body.requiredString("absent", 10));
        assertRefused("`nothing` is required.", () -> body.requiredString("nothing", 10));
        assertRefused("`control` must not contain control characters or unpaired UTF-16 surrogates.",
                () -> body.requiredString("control", 10));
    }

    @Test
    void optionalMembersWhenAbsentOrNullThenEmptyWhenOfAnotherTypeThenInvalidField() {
        assertEquals(Optional.of(true), body.optionalBoolean("flag"));
        assertEquals(Optional.empty(), body.optionalBoolean("absent"));
        assertEquals(Optional.empty(), body.optionalBoolean("nothing"));
        assertRefused("`name` must be true or false.", () -> body.optionalBoolean("name"));

        assertEquals(Optional.of(Set.of("a")), body.optionalObject("object").map(Map::keySet));
        assertEquals(Optional.empty(), body.optionalObject("absent"));
        assertEquals(Optional.empty(), body.optionalObject("nothing"));
        assertRefused("`flag` must be a JSON object.", () -> body.optionalObject("flag"));
    }

    @Test
    void requiredEnumWhenItsLowerCaseNameThenTheConstantElseInvalidFieldListingTheNames() {
        assertEquals(Colour.DARK_BLUE, body.requiredEnum("colour", Colour.class));
        assertEquals("dark_blue", JsonObject.wireName(Colour.DARK_BLUE));

        assertRefused("`shouting` must be one of: red, dark_blue.", () -> body.requiredEnum("shouting", Colour.class));
        assertRefused("`absent` is required.", () -> body.requiredEnum("absent", Colour.class));
    }

    @Test
    void requireOnlyWhenAMemberIsNotAllowedThenItIsNamedWithItsReason() {
        JsonObject small = JsonObject.parse("{\"name\": \"Ann\", \"user_id\": \"u\"}");

        small.requireOnly(Set.of("name", "user_id"), Map.of());
        assertRefused("`user_id` cannot be sent here: the server assigns it.",
                () -> small.requireOnly(Set.of("name"), Map.of("user_id", "the server assigns it")));
        assertRefused("`name` cannot be sent here: it is not a member of this request.",
                () -> small.requireOnly(Set.of("user_id"), Map.of()));
    }

    private static void assertRefused(String detail, Runnable action) {
        assertEquals(detail, assertCode(ErrorCode.INVALID_FIELD, action).detail());
    }
}
