package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What a function reads from Lambda's variables, under a class loader that carries them as the local runtime's does. */
class FunctionEnvironmentTest {

    @Test
    void noSnapshotFollowsOnlyWhenLambdaSaysSo() throws Exception {
        assertFalse(maySnapshot("on-demand"));
        assertFalse(maySnapshot("provisioned-concurrency"));
        assertTrue(maySnapshot("snap-start"));
    }

    @Test
    void anUnknownOrMissingInitialisationTypeCountsAsASnapshot() throws Exception {
        // Skipping the hooks by mistake would skip the id generator's reseed after a restore.
        assertTrue(maySnapshot("a-type-lambda-adds-later"));
        assertTrue(maySnapshot(null));
    }

    private static boolean maySnapshot(String initializationType) throws Exception {
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
        URL classes = FunctionEnvironment.class.getProtectionDomain().getCodeSource().getLocation();
        try (VariablesLoader loader = new VariablesLoader(classes, variables)) {
            var method = loader.loadClass(FunctionEnvironment.class.getName()).getDeclaredMethod("maySnapshot");
            method.setAccessible(true);
            return (boolean) method.invoke(null);
        }
    }

    /** Loads the function's classes itself (not from its parent), with {@code variables} as their environment. */
    private static final class VariablesLoader extends URLClassLoader implements Function<String, String> {

        private final Map<String, String> variables;

        VariablesLoader(URL classes, Map<String, String> variables) {
            super(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
            this.variables = variables;
        }

        @Override
        public String apply(String name) {
            return variables.get(name);
        }
    }
}
