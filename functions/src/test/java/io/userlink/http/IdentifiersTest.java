package io.userlink.http;

import static io.userlink.support.Refusals.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    private static final String LONGEST = "i".repeat(Identifiers.MAX_LENGTH);

    @Test
    void pathIdWhenPrintableUpTo256CharactersThenAsSentWithoutNormalisation() {
        for (String id : new String[] {"a", LONGEST, "Ame\u0301lie", "\uD83D\uDE00"}) {
            assertEquals(id, Identifiers.pathId(withPathParameter("install_id", id), "install_id"));
        }
    }

    @Test
    void pathIdWhenAbsentEmptyTooLongOrNotPrintableThenInvalidIdNamingTheParameter() {
        for (Request request : new Request[] {request(null, null), withPathParameter("other", "x"),
                withPathParameter("install_id", ""), withPathParameter("install_id", LONGEST + "i"),
                withPathParameter("install_id", "a\u0000b"), withPathParameter("install_id", "a\uD800")}) {
            UserlinkException refused = assertCode(ErrorCode.INVALID_ID, () -> Identifiers.pathId(request, "install_id"));

            assertEquals("`install_id` must be 1 to 256 characters, without control characters or unpaired UTF-16"
                    + " surrogates.", refused.detail());
        }
    }

    @Test
    void externalIdParameterWhenValidThenAsSentElseInvalidField() {
        assertEquals(LONGEST, Identifiers.externalIdParameter(request(null, Map.of("external_id", LONGEST)), "external_id"));

        for (Request request : new Request[] {request(null, null), request(null, Map.of("external_id", "")),
                request(null, Map.of("external_id", LONGEST + "i")), request(null, Map.of("external_id", "a\nb"))}) {
            assertCode(ErrorCode.INVALID_FIELD, () -> Identifiers.externalIdParameter(request, "external_id"));
        }
    }

    private static Request withPathParameter(String name, String value) {
        return request(Map.of(name, value), null);
    }

    private static Request request(Map<String, String> pathParameters, Map<String, String> queryParameters) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setPathParameters(pathParameters);
        event.setQueryStringParameters(queryParameters);
        return new Request(event);
    }
}
