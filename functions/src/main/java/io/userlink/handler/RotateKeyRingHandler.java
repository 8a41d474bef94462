package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.userlink.config.Components;
import io.userlink.json.Json;
import io.userlink.secrets.KeyRingRotation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;

/**
 * The Secrets Manager rotation function of the key ring secret: invoked by Secrets Manager with
 * {@code SecretId}, {@code ClientRequestToken} and {@code Step}.
 */
public final class RotateKeyRingHandler implements RequestStreamHandler {

    private final KeyRingRotation rotation;

    public RotateKeyRingHandler() {
        this(Components.keyRingRotationFromEnvironment());
    }

    public RotateKeyRingHandler(KeyRingRotation rotation) {
        this.rotation = Objects.requireNonNull(rotation);
    }

    /** Reads the event's JSON itself, as every handler does; answers nothing (Secrets Manager reads no result). */
    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        Map<String, Object> event = Json.readEvent(in);
        rotation.step(required(event, "SecretId"), required(event, "ClientRequestToken"), required(event, "Step"));
    }

    private static String required(Map<String, Object> event, String name) {
        Object value = event.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("rotation event lacks " + name);
        }
        return text;
    }
}
