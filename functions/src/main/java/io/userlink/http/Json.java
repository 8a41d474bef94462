package io.userlink.http;

import com.fasterxml.jackson.jr.ob.JSON;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** JSON in and out, with jackson-jr: small and quick to load, which matters in a Lambda cold start. */
public final class Json {

    private static final JSON MAPPER = JSON.builder().build()
            .with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
            .with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {}

    /**
     * Parses a JSON object.
     *
     * @throws UserlinkException {@link ErrorCode#MALFORMED_BODY} when the text is not one JSON object
     */
    public static JsonObject parseObject(String text) {
        Object parsed;
        try {
            parsed = MAPPER.anyFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new UserlinkException(ErrorCode.MALFORMED_BODY, "The request body is not valid JSON.");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new UserlinkException(ErrorCode.MALFORMED_BODY, "The request body must be a JSON object.");
        }
        if (!isWellFormed(map)) {
            // RFC 8259 §8.2: such a string is not Unicode; stored, it would turn into another one.
            throw new UserlinkException(ErrorCode.MALFORMED_BODY,
                    "The request body holds a string with an unpaired UTF-16 surrogate (a lone \\ud800-\\udfff escape).");
        }
        return new JsonObject(map);
    }

    /** Whether every string in a parsed document, names included, is well-formed Unicode. */
    private static boolean isWellFormed(Object value) {
        return switch (value) {
            case String text -> Text.isWellFormed(text);
            case Map<?, ?> map -> map.entrySet().stream()
                    .allMatch(entry -> isWellFormed(entry.getKey()) && (entry.getValue() == null || isWellFormed(entry.getValue())));
            case List<?> list -> list.stream().allMatch(item -> item == null || isWellFormed(item));
            default -> true;
        };
    }

    /**
     * Parses a JSON object that we wrote ourselves (a secret, a stored document).
     *
     * @throws IllegalArgumentException when the text is not one JSON object
     */
    public static Map<String, Object> parseTrustedObject(String text) {
        try {
            return MAPPER.mapFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Renders maps, lists, strings, numbers, booleans and nulls as JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render JSON", e);
        }
    }
}
