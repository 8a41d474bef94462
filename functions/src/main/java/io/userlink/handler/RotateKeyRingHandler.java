package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.userlink.config.Components;
import io.userlink.secrets.KeyRingRotation;
import java.util.Map;
import java.util.Objects;

/**
 * The Secrets Manager rotation function of the key ring secret: invoked by Secrets Manager with
 * {@code SecretId}, {@code ClientRequestToken} and {@code Step}.
 */
public final class RotateKeyRingHandler implements RequestHandler<Map<String, String>, Void> {

    private final KeyRingRotation rotation;

    public RotateKeyRingHandler() {
        this(Components.keyRingRotationFromEnvironment());
    }

    public RotateKeyRingHandler(KeyRingRotation rotation) {
        this.rotation = Objects.requireNonNull(rotation);
    }

    @Override
    public Void handleRequest(Map<String, String> event, Context context) {
        rotation.step(required(event, "SecretId"), required(event, "ClientRequestToken"), required(event, "Step"));
        return null;
    }

    private static String required(Map<String, String> event, String name) {
        String value = event == null ? null : event.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("rotation event lacks " + name);
        }
        return value;
    }
}
