package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.userlink.config.ClassPriming;
import io.userlink.config.SecurityLog;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.LoggableReason;
import io.userlink.error.RetryLaterException;
import io.userlink.error.UserlinkException;
import io.userlink.http.ApiGatewayPayload;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;

/**
 * The frame every HTTP handler shares: it reads the raw event, hands the parsed request to {@link #handle}, renders every
 * {@link UserlinkException} as a problem document, and turns anything unexpected into a 500 problem whose
 * details go to the log only. Subclasses parse, authenticate, call one domain operation and render.
 */
public abstract class ApiHandler implements RequestStreamHandler {

    protected ApiHandler() {
        ClassPriming.register(getClass());
    }

    /** What Lambda calls: the raw payload 2.0 event in, the response out (no POJO serializer in between). */
    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        serve(in, out, context);
    }

    /** What {@link #handleRequest} does; the status of the response written. */
    final int serve(InputStream in, OutputStream out, Context context) throws IOException {
        APIGatewayV2HTTPResponse response = respond(ApiGatewayPayload.event(in), context);
        ApiGatewayPayload.write(response, out);
        return response.getStatusCode();
    }

    /** The response to {@code event}: what {@link #handleRequest} writes. */
    public final APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event, Context context) {
        Optional<String> sourceIp = sourceIp(event);
        try (SecurityLog.Scope events = SecurityLog.open(line -> log(context, LogLevel.INFO, line), sourceIp)) {
            return handle(new Request(event));
        } catch (AuthenticationException e) {
            // The reason is logged, never answered: every credential failure looks the same to the caller.
            log(context, LogLevel.INFO, "credential refused: " + e.reason() + SecurityLog.clientAddress(sourceIp));
            return problem(e);
        } catch (RetryLaterException e) {
            // A 503 counts towards ApiServerErrorAlarm: the log tells the person it wakes what ran out.
            if (e.status() >= 500) {
                log(context, LogLevel.WARN, "answered " + e.status() + ": " + e.reason());
            }
            return problem(e);
        } catch (UserlinkException e) {
            return problem(e);
        } catch (RuntimeException e) {
            // The stack trace goes to the log for the person on call, never into the response.
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            log(context, LogLevel.ERROR, "unexpected failure: " + trace);
            return problem(new UserlinkException(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred; it has been logged."));
        }
    }

    private static Optional<String> sourceIp(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext()).map(APIGatewayV2HTTPEvent.RequestContext::getHttp)
                .map(APIGatewayV2HTTPEvent.RequestContext.Http::getSourceIp);
    }

    /** Parses, authenticates, performs the route's one operation and renders its result. */
    protected abstract APIGatewayV2HTTPResponse handle(Request request);

    /** Members added to this route's problem documents (the legacy and token routes have their own). */
    protected Map<String, ?> problemExtensions(UserlinkException exception) {
        return Map.of();
    }

    /** The media type of this route's problem documents: RFC 9457's, unless the route's protocol fixes another. */
    protected String problemMediaType() {
        return Responses.PROBLEM_JSON;
    }

    private APIGatewayV2HTTPResponse problem(UserlinkException exception) {
        return Responses.problem(exception, problemExtensions(exception), problemMediaType());
    }

    /**
     * What a log line says of a failure a background function reports for a retry: its reason where it gives one fit
     * for the log, or else only its kind, since the message of an AWS refusal may quote an address or an item.
     */
    static String described(RuntimeException failure) {
        return failure instanceof LoggableReason explained ? explained.reason() : failure.getClass().getSimpleName();
    }

    /** A line in the function's log (Lambda's logger), or on standard error where there is none (tests). */
    static void log(Context context, LogLevel level, String message) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(message, level);
        } else {
            System.err.println(level + " " + message);
        }
    }
}
