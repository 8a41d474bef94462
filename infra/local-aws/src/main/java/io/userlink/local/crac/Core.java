package io.userlink.local.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * The CRaC implementation of one local Lambda function, in the shape the {@code org.crac} library looks for
 * when the system property {@code org.crac.Core.Compat} names this package (which is how Lambda's own Java
 * runtime provides SnapStart's hooks). The local runtime loads this package once per function, with the
 * function's code, so each function has its own global context, as each Lambda function has its own JVM; the
 * cold-start benchmark's priming probe puts it on a fresh JVM's class path.
 * {@link #checkpointRestore()} runs the hooks as a publish and a restore do: every {@code beforeCheckpoint}
 * in reverse order of registration, then every {@code afterRestore} in order; {@link #checkpoint()} and
 * {@link #restore()} run each half, for a caller that stands in for the time between them.
 */
public final class Core {

    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /**
     * Runs the hooks of the function this package was loaded for.
     *
     * @throws CheckpointException when a {@code beforeCheckpoint} hook threw (its exception suppressed in it);
     *     no {@code afterRestore} hook runs then
     * @throws RestoreException when an {@code afterRestore} hook threw
     */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        checkpoint();
        restore();
    }

    /** Runs every {@code beforeCheckpoint} hook, as a publish does before the snapshot. */
    public static void checkpoint() throws CheckpointException {
        GLOBAL.beforeCheckpoint(GLOBAL);
    }

    /** Runs every {@code afterRestore} hook, as a restore does. */
    public static void restore() throws RestoreException {
        GLOBAL.afterRestore(GLOBAL);
    }

    private static final class GlobalContext extends Context<Resource> {

        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            CheckpointException failed = null;
            for (Resource resource : resources.reversed()) {
                try {
                    resource.beforeCheckpoint(this);
                } catch (Exception e) {
                    failed = failed == null ? new CheckpointException() : failed;
                    failed.addSuppressed(e);
                }
            }
            if (failed != null) {
                throw failed;
            }
        }

        @Override
        public synchronized void afterRestore(Context<? extends Resource> context) throws RestoreException {
            RestoreException failed = null;
            for (Resource resource : resources) {
                try {
                    resource.afterRestore(this);
                } catch (Exception e) {
                    failed = failed == null ? new RestoreException() : failed;
                    failed.addSuppressed(e);
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }
}
