package io.userlink.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart class priming: before the snapshot, load and initialise the classes a function's first request loads,
 * so that the first request after a restore finds them in the snapshot instead of reading, verifying and
 * initialising them itself (BENCHMARKS.md, "First request after priming"). The classes of each function are listed in
 * the resource {@code snapstart/<handler class>.classes}, one name a line, measured by the benchmark's
 * {@code PrimingClassLists} command from a real first request; {@code ClassPrimingTest} fails on a name that no
 * longer exists. As in Powertools for AWS Lambda, a class that cannot be loaded is skipped: a stale list must not
 * fail a publish. Only the function's own jar is listed (Userlink and its libraries), never the JDK's
 * random-number classes, so the snapshot holds no random state.
 */
public final class ClassPriming implements Resource {

    /** One per handler class, however many instances it has. */
    private static final Map<Class<?>, ClassPriming> REGISTERED = new ConcurrentHashMap<>();

    private final Class<?> handler;
    private final List<Runnable> afterClasses = new CopyOnWriteArrayList<>();

    private ClassPriming(Class<?> handler) {
        this.handler = handler;
    }

    /**
     * Primes the classes of {@code handler}'s function before its snapshot (registered once, however many instances
     * the handler has); the priming, registered only when a snapshot may follow (see {@link SnapStartResources}).
     */
    public static ClassPriming register(Class<?> handler) {
        return REGISTERED.computeIfAbsent(handler,
                type -> SnapStartResources.registerWhenSnapshotMayFollow(new ClassPriming(type)));
    }

    /**
     * Runs {@code step} before the snapshot once the classes are loaded, for priming that compiles code: a class
     * loaded after that code was compiled can throw it away.
     */
    public void afterClasses(Runnable step) {
        afterClasses.add(step);
    }

    /** The resource that lists the classes of {@code handler}'s first request. */
    static String listOf(Class<?> handler) {
        return "snapstart/" + handler.getSimpleName() + ".classes";
    }

    /** The classes {@code handler}'s list names, in order; none when it has no list. */
    static List<String> classesOf(Class<?> handler) {
        try (InputStream list = handler.getClassLoader().getResourceAsStream(listOf(handler))) {
            if (list == null) {
                return List.of();
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
                return lines.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads and initialises the listed classes; how many were loaded. */
    int prime() {
        int loaded = 0;
        for (String name : classesOf(handler)) {
            try {
                Class.forName(name, true, handler.getClassLoader());
                loaded++;
            } catch (ClassNotFoundException | LinkageError | RuntimeException skipped) {
                // A stale or unloadable entry costs its class's first use after the restore, nothing more.
            }
        }
        return loaded;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
        afterClasses.forEach(Runnable::run);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing: the classes stay loaded in every environment restored from the snapshot.
    }
}
