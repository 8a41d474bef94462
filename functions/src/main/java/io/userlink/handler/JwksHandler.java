package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.token.PublicKeySource;
import java.util.Objects;

/**
 * {@code GET /.well-known/jwks.json}: the public keys of the ring ({@code current}, {@code next},
 * {@code previous}). Public: it needs no credentials.
 */
public final class JwksHandler extends ApiHandler {

    /**
     * Verifiers may cache the set for five minutes: far below a rotation period, so a key published as
     * {@code next} is in every cache before it signs.
     */
    static final String CACHE_CONTROL = "public, max-age=300";

    private final PublicKeySource keys;

    public JwksHandler() {
        this(Components.fromEnvironment(Priming.PUBLIC_KEYS).publicKeys());
        InvokePriming.rehearse(this, components -> new JwksHandler(components.publicKeys()),
                JwksHandler::primingRequest);
    }

    public JwksHandler(PublicKeySource keys) {
        this.keys = Objects.requireNonNull(keys);
    }

    /**
     * What this route is invoke-primed with, over a rehearsal's ring: its own keys' read must not be cached before
     * the snapshot (no restored environment may start with the snapshot's secrets).
     */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("GET", "/.well-known/jwks.json");
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        return Responses.json(200, keys.publicKeys().toJwks(), CACHE_CONTROL);
    }
}
