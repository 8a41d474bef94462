package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.config.ClassPriming;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.json.Json;
import io.userlink.support.TestAws;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class InvokePrimingTest {

    /** Answers every request with one status, and keeps what it was asked. */
    private static final class Recording extends ApiHandler {
        private final int status;
        private final List<Request> requests = new ArrayList<>();

        Recording(int status) {
            this.status = status;
        }

        @Override
        protected APIGatewayV2HTTPResponse handle(Request request) {
            requests.add(request);
            if (status >= 500) {
                throw new IllegalStateException("the route failed");
            }
            return Responses.json(status, Map.of("answered", true));
        }
    }

    @Test
    void primeThenAnswersTheRouteEveryTimeWithoutCredentials() {
        Recording handler = new Recording(200);

        int answered = primingOf(handler, PrimingRequest.of("GET", "/.well-known/x")).prime();

        assertEquals(InvokePriming.INVOCATIONS, answered);
        assertEquals(InvokePriming.INVOCATIONS, handler.requests.size());
        for (Request request : handler.requests) {
            assertEquals("GET", request.method());
            assertEquals("/.well-known/x", request.path());
            assertTrue(request.authorization().isEmpty(), "a primed request carries no credential");
        }
    }

    @Test
    void primeWhenTheRouteFailsThenStopsAtTheFirstServerError() {
        Recording handler = new Recording(500);

        int answered = primingOf(handler, PrimingRequest.of("GET", "/")).prime();

        assertEquals(0, answered);
        assertEquals(1, handler.requests.size(), "one failure is logged, not three hundred");
    }

    @Test
    void primeWhenTheRehearsalCannotBeMadeThenTheSnapshotGoesOnUnprimed() {
        InvokePriming priming = new InvokePriming(() -> {
            throw new IllegalStateException("no rehearsal");
        });

        assertEquals(0, priming.prime(), "a defect of the rehearsal must not fail the customer's publish");
    }

    @Test
    void registerThenInvokesTheRouteWhenTheClassPrimingRunsBeforeTheSnapshot() {
        Recording handler = new Recording(200);
        InvokePriming.register(handler, PrimingRequest.of("GET", "/.well-known/x"));
        assertTrue(handler.requests.isEmpty(), "nothing is invoked before the snapshot is taken");

        ClassPriming.register(Recording.class).beforeCheckpoint(null);

        assertEquals(InvokePriming.INVOCATIONS, handler.requests.size());
    }

    @Test
    void notFoundHandlerWhenBuiltThenRegistersThePrimingOfItsOwnRoute() {
        NotFoundHandler first = new NotFoundHandler();

        InvokePriming registered = InvokePriming.register(first, PrimingRequest.of("GET", "/"));

        assertSame(registered, InvokePriming.register(new NotFoundHandler(), PrimingRequest.of("GET", "/")), "one priming per function");
        assertEquals(InvokePriming.INVOCATIONS, registered.prime(), "a 404 problem is an answer, not a failure");
    }

    @Test
    void eventThenCarriesEveryMemberApiGatewaySendsWithARequest() throws IOException {
        Map<String, Object> sample = Json.parseTrustedObject(Files.readString(
                TestAws.template().getParent().resolve("events/install-status.json")));
        Map<String, Object> primed = Json.parseTrustedObject(new String(PrimingRequest.of("GET", "/v1/installs/{install_id}")
                .pathParameter("install_id", "ins-priming").bearer("priming").event(), StandardCharsets.UTF_8));

        assertEquals(names(sample), names(primed));
        assertEquals(names(sample.get("headers")), names(primed.get("headers")),
                "a header the first real request carries and priming never parsed costs that request compiled code");
        assertEquals(names(sample.get("requestContext")), names(primed.get("requestContext")));
    }

    private static Set<String> names(Object object) {
        return new TreeSet<>(((Map<?, ?>) object).keySet().stream().map(String::valueOf).toList());
    }

    private static InvokePriming primingOf(ApiHandler handler, PrimingRequest request) {
        return new InvokePriming(() -> InvokePriming.Rehearsed.answeredBy(handler, () -> request));
    }
}
