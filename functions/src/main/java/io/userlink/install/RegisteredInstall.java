package io.userlink.install;

import io.userlink.refresh.TokenPair;
import java.util.Objects;

/** A registered install and its first token pair. */
public record RegisteredInstall(Install install, TokenPair tokens) {
    public RegisteredInstall {
        Objects.requireNonNull(install);
        Objects.requireNonNull(tokens);
    }

    /** Keeps the tokens out of logs. */
    @Override
    public String toString() {
        return "RegisteredInstall[" + install.installId() + "]";
    }
}
