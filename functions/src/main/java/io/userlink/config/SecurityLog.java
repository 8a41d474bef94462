package io.userlink.config;

import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvents;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes each {@link SecurityEvent} as one line of the function's log, {@code security <event> app=… …}, with the
 * address the request came from ({@code ip=…}), so that a security team finds every event of a user, an install or an
 * address with one query (README, "Security events"). The request frame opens a {@link Scope} for each request, since
 * the domain, which records the events, knows nothing of requests; outside one (a command of the CLI) a line goes to
 * standard error.
 */
public final class SecurityLog implements SecurityEvents {

    private static final String PREFIX = "security ";

    /** The request under way on this thread: a function serves one at a time, the local runtime one per thread. */
    private static final ThreadLocal<Scope> REQUEST = new ThreadLocal<>();

    @Override
    public void record(SecurityEvent event) {
        Scope scope = REQUEST.get();
        String line = PREFIX + event.line();
        if (scope == null) {
            System.err.println(line);
        } else {
            scope.log.accept(line + clientAddress(scope.sourceIp));
        }
    }

    /**
     * Events recorded on this thread until the scope closes go to {@code log}, with {@code sourceIp}.
     *
     * @param sourceIp the client's address as API Gateway saw it, when the request has one
     */
    public static Scope open(Consumer<String> log, Optional<String> sourceIp) {
        Scope scope = new Scope(Objects.requireNonNull(log), sourceIp);
        REQUEST.set(scope);
        return scope;
    }

    /** What a log line says of where a request came from: {@code " ip=…"}, or nothing where it names no address. */
    public static String clientAddress(Optional<String> sourceIp) {
        return sourceIp.filter(SecurityLog::isAddress).map(ip -> " ip=" + ip).orElse("");
    }

    /**
     * Only what an IP address is made of: API Gateway fills the field, but the local runtime and tests pass any event,
     * and a line must not take in a space or a line break (OWASP ASVS 5.0 V16.4.1).
     */
    private static boolean isAddress(String value) {
        return !value.isEmpty() && value.length() <= 45 && value.chars().allMatch(c -> HexFormat.isHexDigit(c)
                || c == '.' || c == ':');
    }

    /** A request's place for its events; closing it ends the request's. */
    public static final class Scope implements AutoCloseable {
        private final Consumer<String> log;
        private final Optional<String> sourceIp;

        private Scope(Consumer<String> log, Optional<String> sourceIp) {
            this.log = log;
            this.sourceIp = sourceIp;
        }

        @Override
        public void close() {
            REQUEST.remove();
        }
    }
}
