package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.Context;
import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** Lambda's {@code Timeout}, as the local runtime applies it: the template's value, the context, the failure. */
class LambdaFunctionTest {

    private static final SamTemplate TEMPLATE = SamTemplate.read(SamTemplate.locate(Path.of("")));
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    /** The functions' clock: an invocation reads it when it starts and when its handler has returned. */
    private final AtomicLong nanos = new AtomicLong();

    /** Globals set 10 s and the memory parameter's 1024 MB; some functions set their own. */
    @Test
    void configurationIsTheTemplatesWithGlobalsMergedInAndParametersResolved() {
        LocalDeployment deployment = LocalDeployment.names(TEMPLATE);

        assertEquals(new LambdaFunction.Configuration(TEN_SECONDS, 1024),
                LambdaFunction.Configuration.of(deployment, function("NotFoundFunction")));
        assertEquals(new LambdaFunction.Configuration(TEN_SECONDS, 1769),
                LambdaFunction.Configuration.of(deployment, function("SignInFunction")));
        assertEquals(new LambdaFunction.Configuration(Duration.ofSeconds(30), 1024),
                LambdaFunction.Configuration.of(deployment, function("DeleteUserFunction")));
        assertEquals(new LambdaFunction.Configuration(Duration.ofSeconds(60), 1024),
                LambdaFunction.Configuration.of(deployment, function("SendMailFunction")));
    }

    @Test
    void invokeWhenTheHandlerReturnsAtTheTimeoutThenItsResponse() throws IOException {
        LambdaFunction notFound = notFound(() -> nanos.addAndGet(TEN_SECONDS.toNanos()));

        assertEquals(404, Http.json(notFound.invoke(notFoundEvent())).get("statusCode").asInt());
    }

    /** Lambda stops the environment at the timeout; locally the handler runs on, and its result is thrown away. */
    @Test
    void invokeWhenTheHandlerOutlivesTheTimeoutThenTaskTimedOut() throws IOException {
        LambdaFunction notFound = notFound(() -> nanos.addAndGet(TEN_SECONDS.toNanos() + 1));

        LambdaFunction.FunctionError timedOut = assertThrows(LambdaFunction.FunctionError.class,
                () -> notFound.invoke(notFoundEvent()));
        assertEquals("Sandbox.Timedout", timedOut.errorType());
        assertEquals("NotFoundFunction: Task timed out after 10.00 seconds", timedOut.getMessage());
    }

    /** The not-found function names the path it was asked for, so a long path makes its response as long as wanted. */
    @Test
    void invokeWhenTheResponseIsOverLambdasPayloadLimitThenResponseSizeTooLarge() throws IOException {
        LambdaFunction notFound = notFound(() -> nanos.get());
        int bytesPerPathCharacter = notFound.invoke(notFoundEvent("/" + "a".repeat(1_001))).length()
                - notFound.invoke(notFoundEvent("/" + "a".repeat(1_000))).length();
        int fixedBytes = notFound.invoke(notFoundEvent("/")).length();
        int pathAtTheLimit = (LambdaFunction.MAX_RESPONSE_BYTES - fixedBytes) / bytesPerPathCharacter;
        String atTheLimit = notFound.invoke(notFoundEvent("/" + "a".repeat(pathAtTheLimit)));

        assertEquals(1, bytesPerPathCharacter);
        assertEquals(LambdaFunction.MAX_RESPONSE_BYTES, atTheLimit.length());
        LambdaFunction.FunctionError tooLarge = assertThrows(LambdaFunction.FunctionError.class,
                () -> notFound.invoke(notFoundEvent("/" + "a".repeat(pathAtTheLimit + 1))));
        assertEquals("Function.ResponseSizeTooLarge", tooLarge.errorType());
        assertEquals("NotFoundFunction: Response payload size exceeded maximum allowed payload size (6291556 bytes).",
                tooLarge.getMessage());
    }

    @Test
    void contextCountsDownToTheDeadlineAndStopsAtZero() {
        Context context = LocalContext.of("NotFoundFunction", System.err, 1024, TEN_SECONDS.toNanos(), nanos::get);

        nanos.set(TimeUnit.MILLISECONDS.toNanos(2_500));
        assertEquals(7_500, context.getRemainingTimeInMillis());
        nanos.set(TEN_SECONDS.toNanos() + 1);
        assertEquals(0, context.getRemainingTimeInMillis());
    }

    /** The not-found function with a timeout of 10 s, on a clock that each read moves on: an invocation takes one step. */
    private LambdaFunction notFound(LongSupplier clock) {
        return new LambdaFunction(function("NotFoundFunction"), Map.of(), false,
                new LambdaFunction.Configuration(TEN_SECONDS, 1024), clock);
    }

    private static SamTemplate.Function function(String logicalId) {
        return TEMPLATE.function(logicalId).orElseThrow();
    }

    private static String notFoundEvent() throws IOException {
        return Files.readString(SamTemplate.locate(Path.of("")).resolveSibling("events/not-found.json"));
    }

    /** The not-found event, asking for {@code path} (ASCII letters: the same in the raw path and the request's). */
    private static String notFoundEvent(String path) throws IOException {
        return notFoundEvent().replace("/v1/no-such-route", path);
    }
}
