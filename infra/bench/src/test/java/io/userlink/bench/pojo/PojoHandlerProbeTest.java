package io.userlink.bench.pojo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PojoHandlerProbeTest {

    /** Answers the status its event's path names, so a test sees that the event was read as the handler's type. */
    public static final class StatusFromPath
            implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
        @Override
        public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
            return new APIGatewayProxyResponseEvent().withStatusCode(Integer.parseInt(event.getPathParameters().get("status")))
                    .withBody("{}");
        }
    }

    @Test
    void handsTheHandlerItsEventAsItsOwnTypeAndAnswersItsStatus() throws Exception {
        byte[] event = """
                {"resource": "/status/{status}", "path": "/status/418", "httpMethod": "GET",
                 "pathParameters": {"status": "418"}, "isBase64Encoded": false}
                """.getBytes(StandardCharsets.UTF_8);

        assertEquals(418, PojoHandlerProbe.invoke(StatusFromPath.class, event));
    }
}
