package io.userlink.app;

import java.util.Arrays;
import java.util.Optional;

/** What an API key may do. A key holds a set of scopes; each route names the one it needs. */
public enum Scope {
    USER_LINK("user.link"),
    USER_READ("user.read"),
    USER_DELETE("user.delete");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The scope as written in credentials and documentation, e.g. {@code user.link}. */
    public String value() {
        return value;
    }

    public static Optional<Scope> fromValue(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
