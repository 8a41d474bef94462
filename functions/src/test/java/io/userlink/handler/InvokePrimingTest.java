package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.json.Json;
import io.userlink.token.KeyRing;
import io.userlink.token.KeyRingSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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

        int answered = new InvokePriming(() -> Optional.of(handler), InvokePriming.event("GET", "/.well-known/x")).prime();

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

        int answered = new InvokePriming(() -> Optional.of(handler), InvokePriming.event("GET", "/")).prime();

        assertEquals(0, answered);
        assertEquals(1, handler.requests.size(), "one failure is logged, not three hundred");
    }

    @Test
    void primeWhenThereIsNothingToPrimeWithThenInvokesNothing() {
        assertEquals(0, new InvokePriming(Optional::empty, InvokePriming.event("GET", "/")).prime());
    }

    @Test
    void notFoundHandlerWhenBuiltThenRegistersThePrimingOfItsOwnRoute() {
        new NotFoundHandler();

        InvokePriming registered = InvokePriming.register(NotFoundHandler.class, () -> {
            throw new AssertionError("the handler's own registration comes first");
        }, "GET", "/");

        assertSame(registered, InvokePriming.register(NotFoundHandler.class, Optional::empty, "GET", "/"));
        assertEquals(InvokePriming.INVOCATIONS, registered.prime(), "a 404 problem is an answer, not a failure");
    }

    @Test
    void jwksPrimedOverWhenTheSecretHoldsARingThenServesItWithoutTheCache() throws Exception {
        KeyRing ring = KeyRing.generate(new SecureRandom());
        KeyRingSource uncachedOnly = new KeyRingSource() {
            @Override
            public KeyRing keyRing() {
                throw new AssertionError("priming must not read, or fill, the cache");
            }

            @Override
            public Optional<KeyRing> readUncached() {
                return Optional.of(ring);
            }
        };

        JwksHandler primed = JwksHandler.primedOver(uncachedOnly).orElseThrow();

        ByteArrayOutputStream response = new ByteArrayOutputStream();
        int status = primed.serve(new ByteArrayInputStream(InvokePriming.event("GET", JwksHandler.PATH)), response, null);
        assertEquals(200, status);
        Map<?, ?> payload = (Map<?, ?>) Json.parse(response.toString(StandardCharsets.UTF_8));
        Set<String> served = JWKSet.parse((String) payload.get("body")).getKeys().stream().map(JWK::getKeyID)
                .collect(Collectors.toSet());
        assertEquals(Set.of(ring.current().getKeyID(), ring.next().getKeyID()), served);
    }

    @Test
    void jwksPrimedOverWhenTheSecretHoldsThePlaceholderThenNothingToPrimeWith() {
        KeyRingSource placeholder = new KeyRingSource() {
            @Override
            public KeyRing keyRing() {
                throw new AssertionError("priming must not read the cache");
            }

            @Override
            public Optional<KeyRing> readUncached() {
                return Optional.empty();
            }
        };

        assertTrue(JwksHandler.primedOver(placeholder).isEmpty());
    }
}
