package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.config.Components;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.token.KeyRingSource;
import java.util.Objects;
import java.util.Optional;

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

    static final String PATH = "/.well-known/jwks.json";

    private final KeyRingSource keyRing;

    public JwksHandler() {
        this(Components.fromEnvironment().keyRing());
        InvokePriming.register(getClass(), () -> primedOver(keyRing), "GET", PATH);
    }

    public JwksHandler(KeyRingSource keyRing) {
        this.keyRing = Objects.requireNonNull(keyRing);
    }

    /**
     * The handler invoke priming runs: over the ring as read now, past the cache, since a ring cached in the snapshot
     * would be every restored environment's. None while a fresh stack's placeholder holds no ring.
     */
    static Optional<JwksHandler> primedOver(KeyRingSource keyRing) {
        return keyRing.readUncached().map(ring -> new JwksHandler(() -> ring));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        return Responses.json(200, keyRing.keyRing().publicKeys().toJSONObject(true), CACHE_CONTROL);
    }
}
