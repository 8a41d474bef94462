package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.userlink.config.Components;
import io.userlink.json.Json;
import io.userlink.secrets.KeyRingRotation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The Secrets Manager rotation function of the key ring secret: invoked by Secrets Manager with
 * {@code SecretId}, {@code ClientRequestToken} and {@code Step}; and by CloudFormation for the template's
 * {@code PublicKeysPublication} custom resource, once, when a stack update adds it, to write the public keys of a
 * ring that predates the public keys secret.
 */
public final class RotateKeyRingHandler implements RequestStreamHandler {

    /** Well inside the function's timeout, which would leave CloudFormation waiting for a response. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    private final KeyRingRotation rotation;
    private final CustomResourceRequest.ResponseSender responses;

    public RotateKeyRingHandler() {
        this(Components.keyRingRotationFromEnvironment(), CustomResourceRequest.overHttp(RESPONSE_TIMEOUT));
    }

    RotateKeyRingHandler(KeyRingRotation rotation, CustomResourceRequest.ResponseSender responses) {
        this.rotation = Objects.requireNonNull(rotation);
        this.responses = Objects.requireNonNull(responses);
    }

    /** Reads the event's JSON itself, as every handler does; answers nothing (neither caller reads a result). */
    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        Map<String, Object> event = Json.readEvent(in);
        if (CustomResourceRequest.isOne(event)) {
            CustomResourceRequest.from(event).perform(() -> rotation.publishPublicKeys()
                    ? "wrote the public keys of the key ring's current version"
                    : "the key ring still holds the template's placeholder: its first rotation writes the public keys",
                    context, responses);
            return;
        }
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
