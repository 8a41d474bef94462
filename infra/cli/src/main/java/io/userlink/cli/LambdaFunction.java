package io.userlink.cli;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * One function of the template, run as the Lambda Java runtime runs it: loaded by a class loader of its own
 * with its own environment (as its own JVM would be), the handler built once by its no-argument constructor, and
 * given the event's bytes, its output being the result, as Lambda does for a {@code RequestStreamHandler} (every
 * Userlink handler reads its own event: no POJO serializer runs). With SnapStart, {@link #publish()} initialises it and runs its hooks as
 * publishing a version and restoring it do; without, it initialises on its first invocation. An invocation that
 * outlives the function's {@code Timeout} fails as Lambda fails it, though only once the handler returns: one JVM
 * cannot stop a thread where Lambda stops the whole environment.
 */
final class LambdaFunction {

    /** Lambda's limit on a synchronous invocation's response, in bytes: "6 MB", and this exact number in its error. */
    static final int MAX_RESPONSE_BYTES = 6_291_556;

    private final SamTemplate.Function definition;
    private final FunctionClassLoader loader;
    private final boolean snapStart;
    private final Configuration configuration;
    private final LongSupplier nanoTime;

    private volatile RequestStreamHandler loaded;

    /** What Lambda runs a function with: its template's {@code Timeout} and {@code MemorySize}, or Lambda's defaults. */
    record Configuration(Duration timeout, int memorySizeMb) {

        static final Configuration LAMBDA_DEFAULTS = new Configuration(Duration.ofSeconds(3), 128);

        /** The function's configuration, Globals merged in, parameters resolved as the deployment resolves them. */
        static Configuration of(LocalDeployment deployment, SamTemplate.Function function) {
            return new Configuration(
                    Duration.ofSeconds(property(deployment, function, "Timeout", LAMBDA_DEFAULTS.timeout().toSeconds())),
                    (int) property(deployment, function, "MemorySize", LAMBDA_DEFAULTS.memorySizeMb()));
        }

        private static long property(LocalDeployment deployment, SamTemplate.Function function, String name, long absent) {
            Object value = function.properties().get(name);
            return value == null ? absent : Long.parseLong(deployment.resolve(value, function.logicalId() + " " + name));
        }
    }

    LambdaFunction(SamTemplate.Function definition, Map<String, String> environment, boolean snapStart,
                   Configuration configuration) {
        this(definition, environment, snapStart, configuration, System::nanoTime);
    }

    LambdaFunction(SamTemplate.Function definition, Map<String, String> environment, boolean snapStart,
                   Configuration configuration, LongSupplier nanoTime) {
        this.definition = definition;
        this.loader = new FunctionClassLoader(definition.logicalId(), environment);
        this.snapStart = snapStart;
        this.configuration = configuration;
        this.nanoTime = nanoTime;
    }

    String logicalId() {
        return definition.logicalId();
    }

    boolean snapStart() {
        return snapStart;
    }

    /**
     * Publishes a version of a SnapStart function: initialises it, runs every {@code beforeCheckpoint} hook it
     * registered, then every {@code afterRestore} hook.
     *
     * @throws IllegalStateException naming the function and the hook's error, as a failed publish reports it
     */
    void publish() {
        load();
        try {
            inFunctionContext(() -> Class.forName(io.userlink.local.crac.Core.class.getName(), true, loader)
                    .getMethod("checkpointRestore").invoke(null));
        } catch (InvocationTargetException e) {
            Throwable hook = e.getCause();
            String causes = Arrays.stream(hook.getSuppressed()).map(String::valueOf).collect(Collectors.joining("; "));
            throw new IllegalStateException(logicalId() + ": publishing a SnapStart version failed: " + hook.getMessage()
                    + ": " + causes, hook.getSuppressed().length > 0 ? hook.getSuppressed()[0] : hook);
        } catch (Exception e) {
            throw new IllegalStateException(logicalId() + ": cannot run its SnapStart hooks: " + e, e);
        }
    }

    /**
     * Invokes the handler with a JSON event and returns the JSON result. The clock starts after the initialisation, as
     * Lambda's {@code Timeout} bounds the invocation phase; the context counts down to it.
     *
     * @throws IllegalStateException when the handler cannot be loaded
     * @throws FunctionError when the invocation took longer than the function's {@code Timeout}, whatever it
     *         returned, or wrote more than Lambda's response payload limit
     * @throws RuntimeException whatever the handler throws (Lambda would report it as a function error)
     */
    String invoke(String eventJson) {
        RequestStreamHandler handler = load();
        Duration timeout = configuration.timeout();
        long started = nanoTime.getAsLong();
        Context context = LocalContext.of(logicalId(), System.err, configuration.memorySizeMb(),
                started + timeout.toNanos(), nanoTime);
        try {
            return unchecked(() -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, context);
                if (out.size() > MAX_RESPONSE_BYTES) {
                    throw new FunctionError("Function.ResponseSizeTooLarge", logicalId()
                            + ": Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).");
                }
                return out.size() == 0 ? "null" : out.toString(StandardCharsets.UTF_8);
            });
        } finally {
            Duration took = Duration.ofNanos(nanoTime.getAsLong() - started);
            if (took.compareTo(timeout) > 0) {
                throw new FunctionError("Sandbox.Timedout", logicalId() + ": Task timed out after "
                        + String.format(Locale.ROOT, "%.2f", took.toMillis() / 1000.0) + " seconds");
            }
        }
    }

    /**
     * An invocation Lambda itself fails, whatever the handler did (it outlived its {@code Timeout}, or its response
     * is over the payload limit): a function error, with the type Lambda's {@code Invoke} reports.
     */
    static final class FunctionError extends RuntimeException {

        private final String errorType;

        FunctionError(String errorType, String message) {
            // No stack trace: where the handler was is not where Lambda's verdict is thrown.
            super(message, null, false, false);
            this.errorType = errorType;
        }

        String errorType() {
            return errorType;
        }
    }

    private RequestStreamHandler load() {
        RequestStreamHandler current = loaded;
        if (current == null) {
            synchronized (this) {
                current = loaded;
                if (current == null) {
                    current = unchecked(this::instantiate);
                    loaded = current;
                }
            }
        }
        return current;
    }

    /** Runs {@code work} with the function's class loader as the thread's context class loader, as Lambda does. */
    private <T> T inFunctionContext(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@link #inFunctionContext} for work that throws only unchecked exceptions. */
    private <T> T unchecked(Callable<T> work) {
        try {
            return inFunctionContext(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(logicalId() + ": " + e, e);
        }
    }

    private RequestStreamHandler instantiate() {
        String[] handler = definition.handler().split("::");
        try {
            Class<?> type = Class.forName(handler[0], true, loader);
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException(handler[0] + " of " + definition.logicalId() + " is no RequestStreamHandler:"
                        + " the local runtime hands functions their raw events, as Lambda does for stream handlers");
            }
            return (RequestStreamHandler) type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the handler of " + definition.logicalId() + " failed to initialise: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the handler " + definition.handler() + " of "
                    + definition.logicalId() + ": " + e, e);
        }
    }
}
