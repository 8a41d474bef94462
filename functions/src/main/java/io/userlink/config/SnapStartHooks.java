package io.userlink.config;

import io.userlink.http.Json;
import io.userlink.id.RandomIds;
import java.security.SecureRandom;
import java.util.Objects;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart runtime hooks. Before the snapshot, prime the real code path without writing anything and
 * without creating random values: a read of an app that does not exist (builds the DynamoDB client's
 * pipeline and opens its connection), the key ring (Secrets Manager client, JWK parsing, RSA key objects),
 * JSON in and out. After a restore, give the id generator a fresh random source, so environments restored
 * from one snapshot never share its state.
 */
final class SnapStartHooks implements Resource {

    /** An id no app can have: priming reads it and finds nothing. */
    static final String PRIMING_APP_ID = "app-snapstartpriming";

    private final Components components;
    private final RandomIds ids;

    SnapStartHooks(Components components, RandomIds ids) {
        this.components = Objects.requireNonNull(components);
        this.ids = Objects.requireNonNull(ids);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        components.apps().find(PRIMING_APP_ID);
        Json.write(components.keyRing().keyRing().publicKeys().toJSONObject(true));
        Json.parseTrustedObject("{\"primed\": true}");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        ids.reseed(new SecureRandom());
    }
}
