package io.userlink.config;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on its first use and kept: how a container builds only the clients and services its function
 * uses, since each one built costs the function's cold start its classes. Safe when several threads ask at once
 * (the local runtime serves requests in parallel); the value is built once.
 */
final class Lazy<T> {

    private volatile T value;

    /**
     * The value, built by {@code build} on the first call. The supplier is given at the use, not at construction, so
     * that a value never asked for links no code for its building either.
     */
    T get(Supplier<? extends T> build) {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = Objects.requireNonNull(build.get());
                    value = built;
                }
            }
        }
        return built;
    }
}
