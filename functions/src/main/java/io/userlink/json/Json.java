package io.userlink.json;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON in and out, with jackson-jr: small and quick to load, which matters in a Lambda cold start. Duplicate
 * names in an object are refused, since two readers could take different ones.
 */
public final class Json {

    private static final JSON MAPPER = JSON.builder().build()
            .with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
            .with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {}

    /**
     * Parses any JSON text into maps, lists, strings, numbers, booleans and nulls.
     *
     * @throws IllegalArgumentException when the text is not JSON (the message names no content)
     */
    public static Object parse(String text) {
        try {
            return MAPPER.anyFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getClass().getSimpleName(), e);
        }
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

    /**
     * Reads the JSON object of a Lambda event from its raw bytes (UTF-8), as a stream handler receives them.
     *
     * @throws IllegalArgumentException when the bytes are not one JSON object
     */
    public static Map<String, Object> readEvent(InputStream in) throws IOException {
        return parseTrustedObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
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
