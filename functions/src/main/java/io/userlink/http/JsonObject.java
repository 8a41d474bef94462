package io.userlink.http;

import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed JSON object with typed field access. Every failure is a 400 naming the field, so a client
 * developer sees what to fix; nothing here ever becomes a 500.
 */
public final class JsonObject {

    private final Map<?, ?> fields;

    private JsonObject(Map<?, ?> fields) {
        this.fields = fields;
    }

    /**
     * Parses a request body that must be one JSON object of well-formed Unicode strings.
     *
     * @throws UserlinkException {@link ErrorCode#MALFORMED_BODY} otherwise
     */
    public static JsonObject parse(String text) {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
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

    /**
     * Whether every string in a parsed document, names included, is well-formed Unicode. Tests of type, not a pattern
     * switch: this runs in every body-reading function's first request, and a JVM's first pattern switch costs about
     * 6 ms to link (BENCHMARKS.md).
     */
    private static boolean isWellFormed(Object value) {
        if (value instanceof String text) {
            return Text.isWellFormed(text);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!isWellFormed(entry.getKey()) || !isWellFormed(entry.getValue())) {
                    return false;
                }
            }
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!isWellFormed(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A required string of 1 to {@code maxLength} characters without control characters or unpaired surrogates. */
    public String requiredString(String name, int maxLength) {
        return optionalString(name, maxLength)
                .orElseThrow(() -> invalid(name, "`" + name + "` is required."));
    }

    /** An optional string: absent or null gives empty; present must be 1 to {@code maxLength} characters. */
    public Optional<String> optionalString(String name, int maxLength) {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw invalid(name, "`" + name + "` must be a string.");
        }
        if (text.isEmpty() || text.length() > maxLength) {
            throw invalid(name, "`" + name + "` must be 1 to " + maxLength + " characters long.");
        }
        if (!Text.isPrintable(text)) {
            throw invalid(name, "`" + name + "` must not contain control characters or unpaired UTF-16 surrogates.");
        }
        return Optional.of(text);
    }

    /** An optional boolean: absent or null gives empty. */
    public Optional<Boolean> optionalBoolean(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Boolean flag)) {
            throw invalid(name, "`" + name + "` must be true or false.");
        }
        return Optional.of(flag);
    }

    /** An optional JSON object: absent or null gives empty. */
    public Optional<Map<?, ?>> optionalObject(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw invalid(name, "`" + name + "` must be a JSON object.");
        }
        return Optional.of(object);
    }

    /**
     * Refuses members other than {@code allowed}, naming the first, with {@code reason} when one is given for it.
     *
     * @param reasons why a known member may not be sent here (member name to explanation)
     */
    public void requireOnly(Set<String> allowed, Map<String, String> reasons) {
        for (Object name : fields.keySet()) {
            if (!allowed.contains(name)) {
                String reason = reasons.getOrDefault(name, "it is not a member of this request");
                throw invalid(String.valueOf(name), "`" + name + "` cannot be sent here: " + reason + ".");
            }
        }
    }

    /**
     * A required string naming one constant of {@code type}, written in lower case ({@code "ios"} for
     * {@code IOS}).
     */
    public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        E[] constants = type.getEnumConstants();
        String allowed = String.join(", ", Arrays.stream(constants).map(JsonObject::wireName).toList());
        String text = requiredString(name, 64);
        return Arrays.stream(constants).filter(c -> wireName(c).equals(text)).findFirst()
                .orElseThrow(() -> invalid(name, "`" + name + "` must be one of: " + allowed + "."));
    }

    /** How an enum constant is written in JSON. */
    public static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static UserlinkException invalid(String name, String detail) {
        return new UserlinkException(ErrorCode.INVALID_FIELD, detail);
    }
}
