package io.userlink.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The one place a function registers its SnapStart hooks with the CRaC context, and only when a snapshot may follow
 * this initialisation (see {@link FunctionEnvironment#maySnapshot()}): otherwise the hooks would never run, and
 * finding the CRaC context costs about 10 ms of such a cold start (BENCHMARKS.md).
 *
 * <p>The first registration also registers {@link #COLLECTION_BEFORE_SNAPSHOT}, which therefore runs after every
 * other {@code beforeCheckpoint} hook.
 */
final class SnapStartResources {

    /**
     * A full collection, the last thing before the snapshot. Priming loads most of a function's classes and fills the
     * young generation; left so, the JVM's next collection (a young one, or the one the metaspace's threshold starts
     * when class loading crosses it) fell on the first request after a restore: 30 ms of it here (BENCHMARKS.md,
     * "A collection before the snapshot"). After a full collection the heap in the snapshot is compact and the
     * metaspace's threshold is set again with room above what is loaded.
     */
    private static final Resource COLLECTION_BEFORE_SNAPSHOT = new Resource() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            System.gc();
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            // Nothing: the collection served the snapshot.
        }

        @Override
        public String toString() {
            return "CollectionBeforeSnapshot";
        }
    };

    /** Strongly held: the CRaC context keeps its resources weakly. */
    private static final List<Resource> REGISTERED = new CopyOnWriteArrayList<>();

    private SnapStartResources() {}

    /**
     * Registers {@code resource} when a snapshot may follow; {@code resource}. The context runs the
     * {@code beforeCheckpoint} hooks in the reverse order of registration and the {@code afterRestore} hooks in it.
     */
    static synchronized <R extends Resource> R registerWhenSnapshotMayFollow(R resource) {
        if (FunctionEnvironment.maySnapshot()) {
            registerIn(Core.getGlobalContext(), REGISTERED, resource);
        }
        return resource;
    }

    /** Registers {@code resource} with {@code context}, after the collection when it is the first. */
    static void registerIn(Context<Resource> context, List<Resource> registered, Resource resource) {
        if (registered.isEmpty()) {
            registered.add(COLLECTION_BEFORE_SNAPSHOT);
            context.register(COLLECTION_BEFORE_SNAPSHOT);
        }
        registered.add(resource);
        context.register(resource);
    }
}
