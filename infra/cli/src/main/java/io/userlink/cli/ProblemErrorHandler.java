package io.userlink.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What the local runtime answers for a request its HTTP layer refuses before any route (an unparsable request
 * line, a malformed percent-escape, a request line and headers over API Gateway's quota): a problem document,
 * as the API's own errors are, in place of Jetty's HTML page. It never names an exception.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        String title = HttpStatus.getMessage(status);
        String detail = switch (status) {
            case 431 -> "The request line and headers exceed " + LocalHttpApi.MAX_REQUEST_HEAD_BYTES
                    + " bytes, API Gateway's quota for an HTTP API request.";
            case 400 -> "The request cannot be parsed: check its request line, percent-escapes and headers.";
            default -> "The request was refused before it reached a route.";
        };
        try {
            return LocalHttpApi.problemJson(status, LocalHttpApi.LOCAL_PROBLEM, title,
                    status == 431 ? "REQUEST_HEADERS_TOO_LARGE" : "MALFORMED_REQUEST", detail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
