package io.userlink.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The deployment's settings, read once per container from the environment that {@code template.yaml} sets.
 *
 * @param tableName {@code TABLE_NAME}: the one DynamoDB table
 * @param keyRingSecretId {@code KEY_RING_SECRET_ID}: the secret holding the token key ring
 * @param publicKeysSecretId {@code PUBLIC_KEYS_SECRET_ID}: the secret holding the public keys of the ring, read by
 *     the functions that only verify tokens
 * @param appCredentialsSecretPrefix {@code APP_CREDENTIALS_SECRET_PREFIX}: app credential secrets are named
 *     this plus the app id
 * @param tokenIssuer {@code TOKEN_ISSUER}: the {@code iss} of our tokens, an https URL (http only on loopback)
 * @param credentialsCachePeriod {@code CREDENTIALS_CACHE_SECONDS}: the longest a revoked API key or app
 *     secret keeps working in a warm container
 * @param keyRingCachePeriod {@code KEY_RING_CACHE_SECONDS}: how long a container keeps the key ring; must
 *     stay below the rotation period
 */
public record Settings(String tableName, String keyRingSecretId, String publicKeysSecretId,
                       String appCredentialsSecretPrefix, URI tokenIssuer, Duration credentialsCachePeriod,
                       Duration keyRingCachePeriod) {

    /** The environment variables the functions read; the template test checks the template sets each. */
    public static final List<String> VARIABLES = List.of("TABLE_NAME", "KEY_RING_SECRET_ID", "PUBLIC_KEYS_SECRET_ID",
            "APP_CREDENTIALS_SECRET_PREFIX", "TOKEN_ISSUER", "CREDENTIALS_CACHE_SECONDS", "KEY_RING_CACHE_SECONDS");

    public Settings {
        Objects.requireNonNull(tableName);
        Objects.requireNonNull(keyRingSecretId);
        Objects.requireNonNull(publicKeysSecretId);
        Objects.requireNonNull(appCredentialsSecretPrefix);
        Objects.requireNonNull(tokenIssuer);
        Objects.requireNonNull(credentialsCachePeriod);
        Objects.requireNonNull(keyRingCachePeriod);
    }

    /**
     * Reads the settings from the function's environment.
     *
     * @throws IllegalStateException naming every variable that is missing or invalid
     */
    public static Settings fromEnvironment() {
        return from(FunctionEnvironment.variables());
    }

    /** Reads the settings through {@code lookup} (name to value, null when unset). */
    public static Settings from(UnaryOperator<String> lookup) {
        List<String> missing = VARIABLES.stream()
                .filter(name -> lookup.apply(name) == null || lookup.apply(name).isBlank()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing environment variables: " + String.join(", ", missing)
                    + " (template.yaml sets them; see README for running locally)");
        }
        return new Settings(lookup.apply("TABLE_NAME"), lookup.apply("KEY_RING_SECRET_ID"),
                lookup.apply("PUBLIC_KEYS_SECRET_ID"), lookup.apply("APP_CREDENTIALS_SECRET_PREFIX"),
                issuer(lookup.apply("TOKEN_ISSUER")),
                seconds(lookup, "CREDENTIALS_CACHE_SECONDS"), seconds(lookup, "KEY_RING_CACHE_SECONDS"));
    }

    private static URI issuer(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("TOKEN_ISSUER is not a URL: " + value, e);
        }
        boolean loopback = "http".equals(uri.getScheme())
                && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
        if (!("https".equals(uri.getScheme()) || loopback) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalStateException("TOKEN_ISSUER must be an https URL without query or fragment"
                    + " (http only for 127.0.0.1 or localhost): " + value);
        }
        return uri;
    }

    private static Duration seconds(UnaryOperator<String> lookup, String name) {
        try {
            long seconds = Long.parseLong(lookup.apply(name).strip());
            if (seconds < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a positive number of seconds: " + lookup.apply(name), e);
        }
    }
}
