package io.userlink.http;

import static io.userlink.support.Refusals.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestTest {

    @Test
    void headerWhenValueHasAnUnpairedSurrogateThenInvalidHeader() {
        Request request = new Request(event(Map.of("content-type", "application/json\uD800"), null, false));

        assertCode(ErrorCode.INVALID_HEADER, () -> request.header("Content-Type"));
    }

    @Test
    void authorizationWhenUndecodableThenPassedOnForTheAuthenticatorToRefuseWith401() {
        Request request = new Request(event(Map.of("authorization", "Bearer ulk_\uD800"), null, false));

        assertEquals(Optional.of("Bearer ulk_\uD800"), request.authorization());
    }

    @Test
    void bodyTextWhenTextBodyHasAnUnpairedSurrogateThenMalformedBody() {
        Request request = new Request(event(Map.of(), "{\"id\": \"a\uDC00\"}", false));

        assertCode(ErrorCode.MALFORMED_BODY, request::bodyText);
    }

    @Test
    void bodyTextWhenBase64BodyIsNotUtf8ThenMalformedBodyRatherThanReplacementCharacters() {
        // the UTF-8 encoding of a surrogate (CESU-8), which a lenient decoder turns into U+FFFD
        byte[] cesu = {'i', 'd', '=', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        Request request = new Request(event(Map.of(), Base64.getEncoder().encodeToString(cesu), true));

        assertCode(ErrorCode.MALFORMED_BODY, request::bodyText);
    }

    @Test
    void jsonBodyWhenAnEscapedLoneSurrogateInANameOrNestedValueThenMalformedBody() {
        for (String body : new String[] {"{\"a\\udc00\": 1}", "{\"a\": [{\"b\": \"x\\ud800\"}]}"}) {
            Request request = new Request(event(Map.of(), body, false));

            assertCode(ErrorCode.MALFORMED_BODY, request::jsonBody);
        }
    }

    @Test
    void bodyTextWhenExactly64KiBThenReadAndOneByteMoreThen413AsTextAndAsBase64() {
        String atLimit = "x".repeat(Request.MAX_BODY_BYTES);
        String overLimit = atLimit + "x";

        assertEquals(atLimit, new Request(event(Map.of(), atLimit, false)).bodyText());
        assertEquals(atLimit, new Request(event(Map.of(), base64(atLimit), true)).bodyText());
        assertCode(ErrorCode.BODY_TOO_LARGE, () -> new Request(event(Map.of(), overLimit, false)).bodyText());
        assertCode(ErrorCode.BODY_TOO_LARGE, () -> new Request(event(Map.of(), base64(overLimit), true)).bodyText());
    }

    @Test
    void bodyTextWhenTheTextHasFewerCharactersThanTheLimitButMoreBytesThen413() {
        String twoBytesEach = "\u00e9".repeat(Request.MAX_BODY_BYTES / 2);

        assertEquals(twoBytesEach, new Request(event(Map.of(), twoBytesEach, false)).bodyText());
        assertCode(ErrorCode.BODY_TOO_LARGE,
                () -> new Request(event(Map.of(), twoBytesEach + "\u00e9", false)).bodyText());
    }

    @Test
    void bodyTextWhenBase64IsFarOverTheLimitThen413BeforeItIsDecodedElseMalformedWhenNotBase64() {
        String notBase64 = "*".repeat(200);

        assertCode(ErrorCode.BODY_TOO_LARGE,
                () -> new Request(event(Map.of(), "*".repeat(Request.MAX_BODY_BYTES * 2), true)).bodyText());
        assertCode(ErrorCode.MALFORMED_BODY, () -> new Request(event(Map.of(), notBase64, true)).bodyText());
    }

    @Test
    void bodyTextWhenAbsentOrEmptyThenMalformedBody() {
        for (String body : new String[] {null, ""}) {
            Request request = new Request(event(Map.of(), body, false));

            assertCode(ErrorCode.MALFORMED_BODY, request::bodyText);
            assertEquals(false, request.hasBody());
        }
    }

    @Test
    void jsonBodyWhenNotAnObjectThenMalformedBodyElseItsMembers() {
        for (String body : new String[] {"[]", "\"text\"", "{", "null"}) {
            assertCode(ErrorCode.MALFORMED_BODY, () -> new Request(event(Map.of(), body, false)).jsonBody());
        }

        JsonObject object = new Request(event(Map.of(), "{\"a\": [\"x\", {\"b\": \"\ud83d\ude00\"}], \"c\": \"d\"}", false))
                .jsonBody();
        assertEquals(Optional.of("d"), object.optionalString("c", 1));
    }

    @Test
    void parametersWhenAFormThenDecodedAndARepeatedOrUndecodableParameterIsRefusedByTheRoute() {
        Map<String, String> form = Map.of("content-type", "application/x-www-form-urlencoded");

        assertEquals(Map.of("grant_type", "refresh_token", "token", "a b+c", "empty", "", "", "orphan"),
                new Request(event(form, "grant_type=refresh_token&token=a+b%2Bc&&empty&=orphan", false))
                        .parameters(Map.of(), this::refused));
        assertEquals("`token` appears more than once.", assertCode(ErrorCode.MALFORMED_BODY,
                () -> new Request(event(form, "token=a&token=b", false)).parameters(Map.of(), this::refused)).detail());
        assertEquals("The form is not valid application/x-www-form-urlencoded.", assertCode(ErrorCode.MALFORMED_BODY,
                () -> new Request(event(form, "token=%zz", false)).parameters(Map.of(), this::refused)).detail());
    }

    @Test
    void parametersWhenJsonThenOnlyTheListedStringMembersWithinTheirLength() {
        Map<String, String> json = Map.of("Content-Type", "application/json; charset=utf-8");
        String body = "{\"token\": \"abc\", \"other\": \"x\"}";

        assertEquals(Map.of("token", "abc"), new Request(event(json, body, false)).parameters(Map.of("token", 3), this::refused));
        assertCode(ErrorCode.INVALID_FIELD,
                () -> new Request(event(json, body, false)).parameters(Map.of("token", 2), this::refused));
    }

    /** Stands for a route's own refusal of a malformed form (an OAuth error, say). */
    private UserlinkException refused(String detail) {
        return new UserlinkException(ErrorCode.MALFORMED_BODY, detail);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static APIGatewayV2HTTPEvent event(Map<String, String> headers, String body, boolean base64) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(headers);
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        return event;
    }
}
