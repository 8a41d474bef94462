package io.userlink.cli;

import io.userlink.local.TemporaryDirectory;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@code userlink serve} with its demo app for the test classes that need only a running API, started for the
 * first that asks and stopped when the test run ends. A start publishes the SnapStart versions of every function
 * (about 14 s here), most of such a class's time; the classes keep to installs, users and apps of their own, as the
 * apps of one deployment do. A class that starts {@code serve} with other options, or stops it, starts its own.
 */
final class SharedServe implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedServe.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ServeProcess.Served.class;
    }

    @Override
    public ServeProcess.Served resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class).served();
    }

    /** Closed by JUnit with the root context, at the end of the run. */
    private record Running(ServeProcess.Served served, TemporaryDirectory directory) implements AutoCloseable {

        static Running start() {
            TemporaryDirectory directory = TemporaryDirectory.create("userlink-shared-serve");
            try {
                return new Running(ServeProcess.serve(directory.path()), directory);
            } catch (Exception e) {
                directory.close();
                throw new IllegalStateException("could not start the shared serve", e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            try (directory) {
                served.process().close();
            }
        }
    }
}
