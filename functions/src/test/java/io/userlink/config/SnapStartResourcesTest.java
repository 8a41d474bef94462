package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.crac.CheckpointException;
import org.crac.Context;
import org.crac.Resource;
import org.crac.RestoreException;
import org.junit.jupiter.api.Test;

class SnapStartResourcesTest {

    /** A CRaC context as Lambda's and the local runtime's: {@code beforeCheckpoint} in reverse order of registration. */
    private static final class SnapshotContext extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            for (Resource resource : resources.reversed()) {
                try {
                    resource.beforeCheckpoint(this);
                } catch (Exception e) {
                    CheckpointException failed = new CheckpointException();
                    failed.addSuppressed(e);
                    throw failed;
                }
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws RestoreException {
            for (Resource resource : resources) {
                try {
                    resource.afterRestore(this);
                } catch (Exception e) {
                    RestoreException failed = new RestoreException();
                    failed.addSuppressed(e);
                    throw failed;
                }
            }
        }
    }

    /** A hook that notes how many collections the JVM had made when it ran. */
    private static final class Priming implements Resource {
        long collectionsWhenRun = -1;

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            collectionsWhenRun = collections();
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
        }
    }

    @Test
    void beforeCheckpointThenTheHeapIsCollectedAfterEveryHookRegistered() throws Exception {
        // given
        SnapshotContext context = new SnapshotContext();
        List<Resource> registered = new ArrayList<>();
        Priming first = new Priming();
        Priming second = new Priming();
        SnapStartResources.registerIn(context, registered, first);
        SnapStartResources.registerIn(context, registered, second);

        // when
        context.beforeCheckpoint(null);

        // then
        assertEquals(3, registered.size(), "the collection once, however many hooks");
        long collectionsAfter = collections();
        assertTrue(collectionsAfter > Math.max(first.collectionsWhenRun, second.collectionsWhenRun),
                "a collection after both hooks ran: " + first.collectionsWhenRun + ", " + second.collectionsWhenRun
                        + " then " + collectionsAfter);
        context.afterRestore(null);
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
