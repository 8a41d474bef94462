package io.userlink.secrets;

import io.userlink.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a secret's JSON document. A secret that lacks a field is an operator's fault: the error
 * names the field and never echoes the secret's content.
 */
final class SecretJson {

    private final Map<String, Object> fields;

    private SecretJson(Map<String, Object> fields) {
        this.fields = fields;
    }

    static SecretJson parse(String secretString) {
        return new SecretJson(Json.parseTrustedObject(secretString));
    }

    Map<String, Object> fields() {
        return fields;
    }

    String string(String name) {
        if (!(fields.get(name) instanceof String value)) {
            throw malformed(name);
        }
        return value;
    }

    boolean bool(String name) {
        return Boolean.TRUE.equals(fields.get(name));
    }

    long number(String name) {
        if (!(fields.get(name) instanceof Number value)) {
            throw malformed(name);
        }
        return value.longValue();
    }

    Instant instant(String name) {
        return Instant.ofEpochSecond(number(name));
    }

    Instant optionalInstant(String name) {
        return fields.get(name) == null ? null : instant(name);
    }

    List<String> strings(String name) {
        if (!(fields.get(name) instanceof List<?> list)) {
            throw malformed(name);
        }
        return list.stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    List<SecretJson> objects(String name) {
        if (!(fields.get(name) instanceof List<?> list)) {
            throw malformed(name);
        }
        return list.stream().map(element -> {
            if (!(element instanceof Map<?, ?> map)) {
                throw malformed(name);
            }
            return new SecretJson((Map<String, Object>) map);
        }).toList();
    }

    private static IllegalStateException malformed(String name) {
        return new IllegalStateException("secret field `" + name + "` is missing or of the wrong type");
    }
}
