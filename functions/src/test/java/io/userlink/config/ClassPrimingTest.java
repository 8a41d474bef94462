package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import io.userlink.support.TestAws;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart class-priming lists against the code: every function published with SnapStart has one, and every
 * class it names exists.
 */
class ClassPrimingTest {

    private final SamTemplate template = SamTemplate.read(TestAws.template());

    @Test
    void everySnapStartFunctionHasAClassList() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> handler : snapStartHandlers()) {
            if (ClassPriming.classesOf(handler).isEmpty()) {
                missing.add(ClassPriming.listOf(handler));
            }
        }
        assertTrue(missing.isEmpty(), "no class list (run io.userlink.bench.PrimingClassLists, BENCHMARKS.md): " + missing);
    }

    @Test
    void everyListedClassExists() throws Exception {
        List<String> stale = new ArrayList<>();
        for (Class<?> handler : snapStartHandlers()) {
            for (String name : ClassPriming.classesOf(handler)) {
                try {
                    Class.forName(name, false, handler.getClassLoader());
                } catch (ClassNotFoundException e) {
                    stale.add(ClassPriming.listOf(handler) + ": " + name);
                }
            }
        }
        assertTrue(stale.isEmpty(), "stale class lists (run io.userlink.bench.PrimingClassLists again): " + stale);
    }

    @Test
    void primeThenLoadsAndInitialisesEveryListedClassOutsideARequest() throws Exception {
        for (Class<?> handler : snapStartHandlers()) {
            assertEquals(ClassPriming.classesOf(handler).size(), ClassPriming.register(handler).prime(),
                    handler.getSimpleName());
        }
    }

    @Test
    void aHandlerWithoutAListThenPrimesNothing() {
        assertEquals(0, ClassPriming.register(ClassPrimingTest.class).prime());
    }

    @Test
    void beforeCheckpointThenRunsTheStepsRegisteredAfterTheClasses() {
        List<String> ran = new ArrayList<>();
        ClassPriming priming = ClassPriming.register(StepsOnly.class);
        priming.afterClasses(() -> ran.add("first"));
        priming.afterClasses(() -> ran.add("second"));
        assertTrue(ran.isEmpty(), "nothing runs before the snapshot is taken");

        priming.beforeCheckpoint(null);

        assertEquals(List.of("first", "second"), ran);
    }

    /** A class of its own, so that no other test's steps are registered for it. */
    private static final class StepsOnly {}

    private List<Class<?>> snapStartHandlers() throws ClassNotFoundException {
        LocalDeployment deployment = LocalDeployment.names(template);
        List<Class<?>> handlers = new ArrayList<>();
        for (SamTemplate.Function function : template.functions()) {
            if (deployment.publishesWithSnapStart(function)) {
                handlers.add(Class.forName(function.handler().split("::")[0]));
            }
        }
        return handlers;
    }
}
