package io.userlink.token;

import java.util.Arrays;
import java.util.Optional;

/** The scope of an access token: an anonymous install, or a user on an install. */
public enum TokenScope {
    INSTALL("install"),
    USER("user");

    private final String value;

    TokenScope(String value) {
        this.value = value;
    }

    /** As written in the {@code scope} claim. */
    public String value() {
        return value;
    }

    /** The scope of a token for an install: {@link #USER} once a user holds it, {@link #INSTALL} until then. */
    public static TokenScope of(Optional<String> userId) {
        return userId.isPresent() ? USER : INSTALL;
    }

    public static Optional<TokenScope> fromValue(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
