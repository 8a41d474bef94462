package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.http.RouteTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code $default} route: requests that match no route get a 405 problem (with {@code Allow}) when
 * the path exists under another method, a 404 problem otherwise, instead of API Gateway's own body.
 */
public final class NotFoundHandler extends ApiHandler {

    public NotFoundHandler() {
        InvokePriming.register(this, PrimingRequest.of("GET", "/snapstart-priming"));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        List<String> allowed = RouteTable.methodsFor(request.path());
        if (allowed.isEmpty()) {
            throw new UserlinkException(ErrorCode.ROUTE_NOT_FOUND, "No route matches " + request.path() + ".");
        }
        APIGatewayV2HTTPResponse response = Responses.problem(new UserlinkException(ErrorCode.METHOD_NOT_ALLOWED,
                request.path() + " accepts " + String.join(", ", allowed) + ", not " + request.method() + "."));
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.put("Allow", String.join(", ", allowed));
        response.setHeaders(headers);
        return response;
    }
}
