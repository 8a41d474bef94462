package io.userlink.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An API Gateway HTTP API (payload 2.0) request, read defensively: headers case-insensitively, the body
 * base64-decoded when API Gateway encoded it, and limited to {@link #MAX_BODY_BYTES}.
 */
public final class Request {

    /** Bodies above this size are refused with 413 before they are parsed. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final APIGatewayV2HTTPEvent event;

    public Request(APIGatewayV2HTTPEvent event) {
        this.event = Objects.requireNonNull(event, "event");
    }

    /** The HTTP method in upper case, or an empty string when the event lacks one. */
    public String method() {
        var context = event.getRequestContext();
        String method = context == null || context.getHttp() == null ? null : context.getHttp().getMethod();
        return method == null ? "" : method.toUpperCase(Locale.ROOT);
    }

    /** The raw request path. */
    public String path() {
        return event.getRawPath() == null ? "/" : event.getRawPath();
    }

    /**
     * A header's value; names compare case-insensitively, as HTTP says.
     *
     * @throws UserlinkException {@link ErrorCode#INVALID_HEADER} when the value has an unpaired surrogate
     */
    public Optional<String> header(String name) {
        Optional<String> value = rawHeader(name);
        if (value.isPresent() && !Text.isWellFormed(value.get())) {
            throw new UserlinkException(ErrorCode.INVALID_HEADER,
                    "The " + name + " header holds an unpaired UTF-16 surrogate.");
        }
        return value;
    }

    /**
     * The {@code Authorization} header as sent: the authenticator refuses whatever it cannot decode, with the
     * 401 every credential failure gets, so it is not refused here as a malformed header.
     */
    public Optional<String> authorization() {
        return rawHeader("Authorization");
    }

    private Optional<String> rawHeader(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** A path parameter captured by the route, e.g. {@code install_id} (checked by {@link Identifiers}). */
    public Optional<String> pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        return parameters == null ? Optional.empty() : Optional.ofNullable(parameters.get(name));
    }

    /** A query string parameter (checked by {@link Identifiers}). */
    public Optional<String> queryParameter(String name) {
        Map<String, String> parameters = event.getQueryStringParameters();
        return parameters == null ? Optional.empty() : Optional.ofNullable(parameters.get(name));
    }

    /** Whether the request has a body at all (some routes take an optional one). */
    public boolean hasBody() {
        return event.getBody() != null && !event.getBody().isEmpty();
    }

    /**
     * The body as text, decoded from base64 when API Gateway encoded it.
     *
     * @throws UserlinkException {@link ErrorCode#BODY_TOO_LARGE} above {@link #MAX_BODY_BYTES},
     *     {@link ErrorCode#MALFORMED_BODY} when absent, not decodable or not valid Unicode
     */
    public String bodyText() {
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            throw new UserlinkException(ErrorCode.MALFORMED_BODY, "The request needs a body.");
        }
        if (!event.getIsBase64Encoded()) {
            if (body.length() > MAX_BODY_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            if (!Text.isWellFormed(body)) {
                throw new UserlinkException(ErrorCode.MALFORMED_BODY, "The request body is not valid Unicode text.");
            }
            return body;
        }
        if ((long) body.length() * 3 / 4 > MAX_BODY_BYTES + 2) {
            throw tooLarge();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new UserlinkException(ErrorCode.MALFORMED_BODY, "The request body is not valid base64.");
        }
        if (decoded.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try {
            // Strictly: a lenient decoder would turn each invalid byte into U+FFFD, and merge different texts.
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded)).toString();
        } catch (CharacterCodingException e) {
            throw new UserlinkException(ErrorCode.MALFORMED_BODY, "The request body is not valid UTF-8.");
        }
    }

    /**
     * The parameters of an OAuth-style request: an {@code application/x-www-form-urlencoded} form (as RFC 6749
     * and RFC 7662 send them) or, with a JSON content type, the string members {@code jsonNames} lists (name to
     * longest length). A form parameter may appear once.
     *
     * @param invalid the route's refusal of a malformed form, given its detail
     */
    public Map<String, String> parameters(Map<String, Integer> jsonNames,
                                          Function<String, ? extends UserlinkException> invalid) {
        String contentType = header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new HashMap<>();
        if (contentType.startsWith("application/json")) {
            JsonObject json = jsonBody();
            jsonNames.forEach((name, maxLength) -> json.optionalString(name, maxLength)
                    .ifPresent(value -> parameters.put(name, value)));
            return parameters;
        }
        for (String pair : bodyText().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid.apply("The form is not valid application/x-www-form-urlencoded.");
            }
            if (parameters.put(name, value) != null) {
                throw invalid.apply("`" + name + "` appears more than once.");
            }
        }
        return parameters;
    }

    /** The body parsed as one JSON object (see {@link #bodyText()} for the size and encoding rules). */
    public JsonObject jsonBody() {
        return JsonObject.parse(bodyText());
    }

    private static UserlinkException tooLarge() {
        return new UserlinkException(ErrorCode.BODY_TOO_LARGE,
                "The request body exceeds " + MAX_BODY_BYTES + " bytes.");
    }
}
