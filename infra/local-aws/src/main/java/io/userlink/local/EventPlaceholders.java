package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The placeholders of the project's {@code events/} files (see events/README.md) and their replacement by
 * the values of a demo world, so an event replays through its route's success path.
 */
public final class EventPlaceholders {

    public static final String APP = "app-replacewithyours";
    public static final String INSTALL_TOKEN = "REPLACE_WITH_INSTALL_ACCESS_TOKEN";
    public static final String INSTALL = "ins-replacewithyours";
    public static final String USER = "usr-replacewithyours";
    public static final String CODE = "ulc_replacewithyours";
    public static final String REFRESH_TOKEN = "ulr_replacewithyours";
    public static final String ANONYMOUS_INSTALL_TOKEN = "REPLACE_WITH_ANONYMOUS_INSTALL_TOKEN";
    public static final String ACCOUNT_USER_TOKEN = "REPLACE_WITH_ACCOUNT_USER_TOKEN";
    /** The external id the demo user is linked to; the events name it. */
    public static final String EXTERNAL_ID = "customer-42";
    /** The demo account, signed in on an install of its own; the sign-in event names it. */
    public static final String ACCOUNT_EMAIL = "ann@example.com";
    public static final String ACCOUNT_PASSWORD = "correct horse battery";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the placeholders stand for.
     *
     * @param code issues a fresh authentication code for {@link #EXTERNAL_ID}, asked only when an event needs one
     * @param anonymousInstallToken the access token of a new anonymous install (with the demo account
     *     registered), asked only when an event needs one
     * @param accountUserToken the user token of the demo account, asked only when an event needs one
     */
    public record Values(String appId, String appSecret, String apiKey, String installAccessToken,
                         String installRefreshToken, String installId, String userId, Supplier<String> code,
                         Supplier<String> anonymousInstallToken, Supplier<String> accountUserToken) {
        public Values {
            Objects.requireNonNull(appId);
            Objects.requireNonNull(appSecret);
            Objects.requireNonNull(apiKey);
            Objects.requireNonNull(installAccessToken);
            Objects.requireNonNull(installRefreshToken);
            Objects.requireNonNull(installId);
            Objects.requireNonNull(userId);
            Objects.requireNonNull(code);
            Objects.requireNonNull(anonymousInstallToken);
            Objects.requireNonNull(accountUserToken);
        }

        /** These values without the account placeholders, for worlds whose events do not use them. */
        public Values(String appId, String appSecret, String apiKey, String installAccessToken,
                      String installRefreshToken, String installId, String userId, Supplier<String> code) {
            this(appId, appSecret, apiKey, installAccessToken, installRefreshToken, installId, userId, code,
                    Values::noAccount, Values::noAccount);
        }

        private static String noAccount() {
            throw new IllegalStateException("this world has no demo account");
        }
    }

    private EventPlaceholders() {}

    /** {@code supplier}'s value, computed on first use and kept: a world creates each thing once. */
    public static <T> Supplier<T> once(Supplier<T> supplier) {
        AtomicReference<T> value = new AtomicReference<>();
        return () -> {
            synchronized (value) {
                if (value.get() == null) {
                    value.set(Objects.requireNonNull(supplier.get()));
                }
                return value.get();
            }
        };
    }

    /** The event (API Gateway HTTP API JSON) with every placeholder replaced. */
    public static String substitute(String eventJson, Values values) {
        try {
            JsonNode event = JSON.readTree(eventJson);
            if (event.path("headers") instanceof ObjectNode headers && headers.has("authorization")) {
                headers.put("authorization", authorization(headers.get("authorization").asText(), values));
            }
            replaceIds((ObjectNode) event, "rawPath", values);
            if (event.path("requestContext").path("http") instanceof ObjectNode http) {
                replaceIds(http, "path", values);
            }
            if (event.path("pathParameters") instanceof ObjectNode parameters) {
                parameters.properties().stream().map(Map.Entry::getKey).toList()
                        .forEach(name -> replaceIds(parameters, name, values));
            }
            replaceInBody((ObjectNode) event, values);
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("not an event: " + e.getMessage(), e);
        }
    }

    /** Body placeholders, in a text body or in one API Gateway base64-encoded (forms are). */
    private static void replaceInBody(ObjectNode event, Values values) {
        if (!event.hasNonNull("body")) {
            return;
        }
        boolean encoded = event.path("isBase64Encoded").asBoolean(false);
        String body = encoded
                ? new String(Base64.getDecoder().decode(event.get("body").asText()), StandardCharsets.UTF_8)
                : event.get("body").asText();
        String replaced = body.replace(REFRESH_TOKEN, values.installRefreshToken());
        if (replaced.contains(CODE)) {
            replaced = replaced.replace(CODE, values.code().get());
        }
        if (replaced.contains(ACCOUNT_USER_TOKEN)) {
            replaced = replaced.replace(ACCOUNT_USER_TOKEN, values.accountUserToken().get());
        }
        event.put("body", encoded ? Base64.getEncoder().encodeToString(replaced.getBytes(StandardCharsets.UTF_8)) : replaced);
    }

    private static String authorization(String header, Values values) {
        if (header.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            return decoded.startsWith(APP + ":") ? "Basic " + Base64.getEncoder().encodeToString(
                    (values.appId() + ":" + values.appSecret()).getBytes(StandardCharsets.UTF_8)) : header;
        }
        if (header.startsWith("Bearer ulk_" + APP)) {
            return "Bearer " + values.apiKey();
        }
        return switch (header) {
            case "Bearer " + INSTALL_TOKEN -> "Bearer " + values.installAccessToken();
            case "Bearer " + ANONYMOUS_INSTALL_TOKEN -> "Bearer " + values.anonymousInstallToken().get();
            case "Bearer " + ACCOUNT_USER_TOKEN -> "Bearer " + values.accountUserToken().get();
            default -> header;
        };
    }

    private static void replaceIds(ObjectNode node, String field, Values values) {
        if (node.hasNonNull(field)) {
            node.put(field, node.get(field).asText().replace(INSTALL, values.installId()).replace(USER, values.userId()));
        }
    }
}
