package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.token.KeyRingSource;
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

    private final KeyRingSource keyRing;

    public JwksHandler() {
        this(Components.fromEnvironment(Priming.KEY_RING).keyRing());
    }

    public JwksHandler(KeyRingSource keyRing) {
        this.keyRing = Objects.requireNonNull(keyRing);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        return Responses.json(200, keyRing.keyRing().publicKeys().toJSONObject(true), CACHE_CONTROL);
    }
}
