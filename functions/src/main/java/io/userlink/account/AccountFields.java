package io.userlink.account;

import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The app's own fields of an account: {@code attributes} (names to strings, numbers, booleans or nulls) and
 * {@code agreements} (names to booleans), each bounded so an account stays one small item; and the JSON
 * Merge Patch (RFC 7396) that updates them.
 */
public final class AccountFields {

    public static final int MAX_FIELDS = 50;
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_STRING_LENGTH = 1024;
    /** The most the attributes and agreements of one account take, as JSON. */
    public static final int MAX_JSON_BYTES = 16 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_NAME_LENGTH + "}");

    private AccountFields() {}

    /**
     * Checks attributes as a client sent them.
     *
     * @throws UserlinkException {@link ErrorCode#INVALID_FIELD} naming the field
     */
    public static Map<String, Object> attributes(Map<?, ?> sent) {
        return checked("attributes", sent, value -> value == null || value instanceof String text
                && text.length() <= MAX_STRING_LENGTH || value instanceof Number || value instanceof Boolean,
                "a string of at most " + MAX_STRING_LENGTH + " characters, a number, a boolean or null");
    }

    /**
     * Checks agreements as a client sent them.
     *
     * @throws UserlinkException {@link ErrorCode#INVALID_FIELD} naming the field
     */
    public static Map<String, Boolean> agreements(Map<?, ?> sent) {
        Map<String, Boolean> agreements = new LinkedHashMap<>();
        checked("agreements", sent, value -> value instanceof Boolean, "true or false")
                .forEach((name, agreed) -> agreements.put(name, (Boolean) agreed));
        return agreements;
    }

    /**
     * {@code target} with {@code patch} merged in (RFC 7396 §2 on a flat object: a null removes the member,
     * anything else replaces it). The result is checked as a client's whole object would be.
     */
    public static Map<String, Object> merged(Map<String, ?> target, Map<?, ?> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target);
        patch.forEach((name, value) -> {
            if (value == null) {
                result.remove(String.valueOf(name));
            } else {
                result.put(String.valueOf(name), value);
            }
        });
        return result;
    }

    /** Refuses attributes and agreements that together exceed {@link #MAX_JSON_BYTES}. */
    public static void checkSize(Map<String, Object> attributes, Map<String, Boolean> agreements) {
        int bytes = Json.write(attributes).getBytes(StandardCharsets.UTF_8).length
                + Json.write(agreements).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_JSON_BYTES) {
            throw invalid("`attributes` and `agreements` together must take at most " + MAX_JSON_BYTES
                    + " bytes of JSON.");
        }
    }

    private static Map<String, Object> checked(String field, Map<?, ?> sent, Predicate<Object> valid,
                                               String allowed) {
        if (sent.size() > MAX_FIELDS) {
            throw invalid("`" + field + "` may hold at most " + MAX_FIELDS + " members.");
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        sent.forEach((name, value) -> {
            if (!(name instanceof String text) || !NAME.matcher(text).matches()) {
                throw invalid("`" + field + "` member names must be 1 to " + MAX_NAME_LENGTH
                        + " letters, digits, '_', '.' or '-'.");
            }
            if (!valid.test(value)) {
                throw invalid("`" + field + "." + text + "` must be " + allowed + ".");
            }
            checked.put(text, value);
        });
        return checked;
    }

    private static UserlinkException invalid(String detail) {
        return new UserlinkException(ErrorCode.INVALID_FIELD, detail);
    }
}
