package io.userlink.install;

import io.userlink.refresh.TokenPair;
import java.util.Objects;

/** An install no user holds, and the token pair of its login: after registration, and after a reset. */
public record AnonymousInstall(Install install, TokenPair tokens) {
    public AnonymousInstall {
        Objects.requireNonNull(install);
        Objects.requireNonNull(tokens);
    }

    /** Keeps the tokens out of logs. */
    @Override
    public String toString() {
        return "AnonymousInstall[" + install.installId() + "]";
    }
}
