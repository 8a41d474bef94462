package io.userlink.config;

import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The variables Lambda gives this function: the template's {@code Environment}, and Lambda's own (the
 * region, the execution role's credentials). On Lambda they are the process environment, one process per
 * function. The local runtime runs several functions in one JVM, each loaded by a class loader of its own
 * that carries that function's variables (it is a {@code Function<String, String>}), so the functions
 * read them from there: the one place the code knows it may run locally.
 */
final class FunctionEnvironment {

    /** The initialisation types after which Lambda takes no snapshot (AWS_LAMBDA_INITIALIZATION_TYPE's values). */
    private static final Set<String> WITHOUT_SNAPSHOT = Set.of("on-demand", "provisioned-concurrency");

    private FunctionEnvironment() {}

    /**
     * Whether a SnapStart snapshot may follow this initialisation: false only when Lambda says it will not (on demand,
     * provisioned concurrency). An unknown or missing type counts as maybe, as the after-restore reseed of the id
     * generator must never be skipped by mistake.
     */
    static boolean maySnapshot() {
        return !WITHOUT_SNAPSHOT.contains(String.valueOf(variables().apply("AWS_LAMBDA_INITIALIZATION_TYPE")));
    }

    /** The variable lookup of this function: name to value, null when unset. */
    @SuppressWarnings("unchecked")
    static UnaryOperator<String> variables() {
        if (FunctionEnvironment.class.getClassLoader() instanceof Function<?, ?> local) {
            Function<String, String> lookup = (Function<String, String>) local;
            return lookup::apply;
        }
        return System::getenv;
    }
}
