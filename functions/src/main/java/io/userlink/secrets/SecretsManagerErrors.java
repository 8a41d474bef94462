package io.userlink.secrets;

import io.userlink.error.RetryLaterException;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Translates Secrets Manager throttling (after the SDK's retries) into a retryable 503. */
final class SecretsManagerErrors {

    private SecretsManagerErrors() {}

    static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (SecretsManagerException e) {
            if (e.isThrottlingException()) {
                // The SDK's message: the service's words (which quote no secret when it throttles) and the request id
                // AWS support asks for.
                throw RetryLaterException.unavailable("The service is busy; retry shortly.", Duration.ofSeconds(1),
                        "Secrets Manager throttled: " + e.getMessage());
            }
            throw e;
        }
    }
}
