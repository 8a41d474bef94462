package io.userlink.cli;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.userlink.local.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * One function of the template, run as the Lambda Java runtime runs it: loaded by a class loader of its own
 * with its own environment (as its own JVM would be), the handler built once by its no-argument constructor, and
 * given the event's bytes, its output being the result, as Lambda does for a {@code RequestStreamHandler} (every
 * Userlink handler reads its own event: no POJO serializer runs). With SnapStart, {@link #publish()} initialises it and runs its hooks as
 * publishing a version and restoring it do; without, it initialises on its first invocation.
 */
final class LambdaFunction {

    private final SamTemplate.Function definition;
    private final FunctionClassLoader loader;
    private final boolean snapStart;

    private volatile RequestStreamHandler loaded;

    LambdaFunction(SamTemplate.Function definition, Map<String, String> environment, boolean snapStart) {
        this.definition = definition;
        this.loader = new FunctionClassLoader(definition.logicalId(), environment);
        this.snapStart = snapStart;
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
     * Invokes the handler with a JSON event and returns the JSON result.
     *
     * @throws IllegalStateException when the handler cannot be loaded
     * @throws RuntimeException whatever the handler throws (Lambda would report it as a function error)
     */
    String invoke(String eventJson, Context context) {
        RequestStreamHandler handler = load();
        return unchecked(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, context);
            return out.size() == 0 ? "null" : out.toString(StandardCharsets.UTF_8);
        });
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
