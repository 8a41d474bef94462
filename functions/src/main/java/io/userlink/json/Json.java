package io.userlink.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.core.StreamReadFeature;

/**
 * JSON in and out, with the Jackson streaming parser and generator that the AWS SDK carries for its own JSON protocol
 * (shaded in {@code third-party-jackson-core}): every function that calls AWS loads it anyway, and a second JSON
 * library cost about 40 ms of a cold start (BENCHMARKS.md, "One JSON library"). Its package is the SDK's, not a public
 * API of it: an SDK upgrade that moves it fails this module's build and {@code JsonTest}, never a deployment.
 *
 * <p>A text is one value: duplicate names in an object and anything after the value are refused, since two readers
 * could take different ones. Objects read as insertion-ordered maps, arrays as lists, integers as the smallest of
 * {@link Integer}, {@link Long} and {@link BigInteger} that holds them, other numbers as {@link Double}.
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /**
     * Parses any JSON text into maps, lists, strings, numbers, booleans and nulls.
     *
     * @throws IllegalArgumentException when the text is not JSON (the message names no content)
     */
    public static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return oneValue(parser);
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
        try (JsonParser parser = FACTORY.createParser(text)) {
            return object(parser);
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

    /**
     * Renders maps (their keys as strings), lists and other collections, strings, booleans, nulls and the numbers
     * {@link #parse} reads ({@link Integer}, {@link Long}, {@link BigInteger}, {@link Double}) as JSON text.
     *
     * @throws IllegalArgumentException for a value of another type (its type named, never its content)
     */
    public static String write(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render JSON", e);
        }
        return text.toString();
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        if (oneValue(parser) instanceof Map<?, ?> object) {
            @SuppressWarnings("unchecked")
            Map<String, Object> named = (Map<String, Object>) object;
            return named;
        }
        throw new IOException("not an object");
    }

    private static Object oneValue(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new IOException("no value");
        }
        Object value = value(parser, first);
        if (parser.nextToken() != null) {
            throw new IOException("more than one value");
        }
        return value;
    }

    /** The value that begins at {@code token}; the parser's nesting limit (1,000) bounds the recursion. */
    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                    array.add(value(parser, element));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + token);
        };
    }

    /**
     * Tests of type, not a pattern switch: every response is written here, and a JVM's first pattern switch costs
     * about 6 ms to link (BENCHMARKS.md), as {@code JsonObject} and {@code Responses} avoid it too.
     */
    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String string) {
            generator.writeString(string);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Double number) {
            generator.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            generator.writeNumber(number);
        } else if (value instanceof Map<?, ?> object) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> member : object.entrySet()) {
                generator.writeFieldName(String.valueOf(member.getKey()));
                write(generator, member.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable<?> array) {
            generator.writeStartArray();
            for (Object element : array) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot render a " + value.getClass().getName() + " as JSON");
        }
    }
}
