package io.userlink.cli;

import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The class loader of one local Lambda function, standing in for its own JVM: it loads the function's code
 * ({@code io.userlink} outside the CLI and the stand-ins), the {@code org.crac} library and the local CRaC
 * implementation itself, so each function has its own statics (its components, caches, SnapStart context),
 * and leaves the libraries (the AWS SDK, the Lambda event types) to the parent, shared. It also carries the
 * function's environment variables: the functions read them from their class loader when it offers them
 * (see the functions' {@code FunctionEnvironment}), since one JVM has one process environment.
 */
final class FunctionClassLoader extends URLClassLoader implements Function<String, String> {

    private static final String CRAC_IMPLEMENTATION = io.userlink.local.crac.Core.class.getPackageName() + ".";

    private final Map<String, String> environment;

    FunctionClassLoader(String functionName, Map<String, String> environment) {
        super(functionName, codeSources(), FunctionClassLoader.class.getClassLoader());
        this.environment = Map.copyOf(environment);
    }

    /** The function's environment variable {@code name}, or null. */
    @Override
    public String apply(String name) {
        return environment.get(name);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!ownedByTheFunction(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = findClass(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    private static boolean ownedByTheFunction(String name) {
        return name.startsWith("org.crac.") || name.startsWith(CRAC_IMPLEMENTATION)
                || name.startsWith("io.userlink.") && !name.startsWith("io.userlink.cli.")
                && !name.startsWith("io.userlink.local.") && !name.startsWith("io.userlink.bench.");
    }

    /** Where the function's code, org.crac and the CRaC implementation are: one jar once shaded, three in a build. */
    private static URL[] codeSources() {
        Set<URL> urls = new LinkedHashSet<>();
        for (Class<?> type : new Class<?>[] {io.userlink.config.Components.class, org.crac.Core.class,
                io.userlink.local.crac.Core.class}) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null) {
                throw new IllegalStateException("cannot locate the classes of " + type.getName());
            }
            urls.add(source.getLocation());
        }
        return urls.toArray(URL[]::new);
    }
}
