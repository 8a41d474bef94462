package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

class SnapStartResourcesTest {

    /** A CRaC context that only records: the test runs the hooks as Lambda's and the local runtime's contexts do. */
    private static final class RecordingContext extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            throw new UnsupportedOperationException("the test runs the hooks");
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            throw new UnsupportedOperationException("the test runs the hooks");
        }

        /** Every {@code beforeCheckpoint} hook in reverse order of registration, as before a snapshot. */
        void snapshot() throws Exception {
            for (Resource resource : resources.reversed()) {
                resource.beforeCheckpoint(this);
            }
        }
    }

    /** A hook that notes how many collections the JVM had made when it ran. */
    private static final class CollectionCountingHook implements Resource {
        long collectionsWhenRun = -1;

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            collectionsWhenRun = collections();
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            // Only the snapshot is tested.
        }
    }

    @Test
    void beforeCheckpointThenTheHeapIsCollectedAfterEveryHookRegistered() throws Exception {
        // given
        RecordingContext context = new RecordingContext();
        List<Resource> registered = new ArrayList<>();
        CollectionCountingHook first = new CollectionCountingHook();
        CollectionCountingHook second = new CollectionCountingHook();
        SnapStartResources.registerIn(context, registered, first);
        SnapStartResources.registerIn(context, registered, second);

        // when
        context.snapshot();

        // then
        assertEquals(3, registered.size(), "the collection once, however many hooks");
        long collectionsAfter = collections();
        assertTrue(collectionsAfter > Math.max(first.collectionsWhenRun, second.collectionsWhenRun),
                "a collection after both hooks ran: " + first.collectionsWhenRun + ", " + second.collectionsWhenRun
                        + " then " + collectionsAfter);
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
