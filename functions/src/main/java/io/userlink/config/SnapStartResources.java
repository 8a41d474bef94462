package io.userlink.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Core;
import org.crac.Resource;

/**
 * The one place a function registers its SnapStart hooks with the CRaC context, and only when a snapshot may follow
 * this initialisation (see {@link FunctionEnvironment#maySnapshot()}): otherwise the hooks would never run, and
 * finding the CRaC context costs about 10 ms of such a cold start (BENCHMARKS.md).
 */
final class SnapStartResources {

    /** Strongly held: the CRaC context keeps its resources weakly. */
    private static final List<Resource> REGISTERED = new CopyOnWriteArrayList<>();

    private SnapStartResources() {}

    /**
     * Registers {@code resource} when a snapshot may follow; {@code resource}. The context runs the
     * {@code beforeCheckpoint} hooks in the reverse order of registration and the {@code afterRestore} hooks in it.
     */
    static <R extends Resource> R registerWhenSnapshotMayFollow(R resource) {
        if (FunctionEnvironment.maySnapshot()) {
            REGISTERED.add(resource);
            Core.getGlobalContext().register(resource);
        }
        return resource;
    }
}
