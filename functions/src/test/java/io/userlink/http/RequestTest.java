package io.userlink.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestTest {

    @Test
    void headerWhenValueHasAnUnpairedSurrogateThenInvalidHeader() {
        Request request = new Request(event(Map.of("content-type", "application/json\uD800"), null, false));

        UserlinkException refused = assertThrows(UserlinkException.class, () -> request.header("Content-Type"));

        assertEquals(ErrorCode.INVALID_HEADER, refused.code());
    }

    @Test
    void authorizationWhenUndecodableThenPassedOnForTheAuthenticatorToRefuseWith401() {
        Request request = new Request(event(Map.of("authorization", "Bearer ulk_\uD800"), null, false));

        assertEquals(Optional.of("Bearer ulk_\uD800"), request.authorization());
    }

    @Test
    void bodyTextWhenTextBodyHasAnUnpairedSurrogateThenMalformedBody() {
        Request request = new Request(event(Map.of(), "{\"id\": \"a\uDC00\"}", false));

        assertEquals(ErrorCode.MALFORMED_BODY, assertThrows(UserlinkException.class, request::bodyText).code());
    }

    @Test
    void bodyTextWhenBase64BodyIsNotUtf8ThenMalformedBodyRatherThanReplacementCharacters() {
        // the UTF-8 encoding of a surrogate (CESU-8), which a lenient decoder turns into U+FFFD
        byte[] cesu = {'i', 'd', '=', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        Request request = new Request(event(Map.of(), Base64.getEncoder().encodeToString(cesu), true));

        assertEquals(ErrorCode.MALFORMED_BODY, assertThrows(UserlinkException.class, request::bodyText).code());
    }

    @Test
    void jsonBodyWhenAnEscapedLoneSurrogateInANameOrNestedValueThenMalformedBody() {
        for (String body : new String[] {"{\"a\\udc00\": 1}", "{\"a\": [{\"b\": \"x\\ud800\"}]}"}) {
            Request request = new Request(event(Map.of(), body, false));

            assertEquals(ErrorCode.MALFORMED_BODY, assertThrows(UserlinkException.class, request::jsonBody).code(), body);
        }
    }

    private static APIGatewayV2HTTPEvent event(Map<String, String> headers, String body, boolean base64) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(headers);
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        return event;
    }
}
