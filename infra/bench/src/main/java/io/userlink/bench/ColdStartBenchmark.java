package io.userlink.bench;

import io.userlink.bench.FunctionCases.Case;
import io.userlink.bench.FunctionCases.Prepared;
import io.userlink.local.SamTemplate;
import io.userlink.local.TemporaryDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cold start benchmark: for each function, fresh JVMs that load its handler and invoke it once with its
 * event, interleaved with fresh JVMs of its floor (same flags and classpath, only the irreducible work),
 * against the stand-ins in another process. Under default flags, C1 only, and the JDK's AOT cache. Prints a
 * Markdown table. Local figures (this machine), not Lambda's.
 *
 * <p>Usage: {@code java -jar infra/bench/target/userlink-bench.jar [runs [function]]} from the project root
 * ({@code function} keeps the functions whose logical id contains it), after
 * {@code ./mvnw package -DskipTests}.
 */
public final class ColdStartBenchmark {

    private final ProbeSetup setup;

    private ColdStartBenchmark(ProbeSetup setup) {
        this.setup = setup;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String only = args.length > 1 ? args[1] : "";
        Path project = SamTemplate.locate(Path.of("")).getParent();
        try (StandIns.Running aws = StandIns.start(project);
             TemporaryDirectory work = TemporaryDirectory.create("userlink-bench")) {
            ColdStartBenchmark benchmark = new ColdStartBenchmark(ProbeSetup.seed(project, aws));
            benchmark.run(benchmark.setup.cases(only), runs, work.path());
        }
    }

    private void run(List<Case> cases, int runs, Path work) throws Exception {
        String classpath = setup.classpath();
        Map<String, List<String>> flagSets = new LinkedHashMap<>(ProbeRunner.JIT_FLAG_SETS);
        flagSets.put("AOT cache", List.of("AOT"));
        System.out.println("| function | flags | function median ms | function max ms | floor median ms | function / floor | function peak RSS MB | floor peak RSS MB |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Case benchCase : cases) {
            String handler = setup.handlerOf(benchCase.logicalId());
            for (Map.Entry<String, List<String>> flags : flagSets.entrySet()) {
                ProbeRunner runner = new ProbeRunner(classpath, setup.environment(benchCase.logicalId()), work,
                        benchCase.logicalId());
                List<String> functionFlags = flags.getValue();
                List<String> floorFlags = flags.getValue();
                if (flags.getValue().equals(List.of("AOT"))) {
                    // JDK 25 one-step AOT cache: a training run writes it, the measured runs use it.
                    Prepared training = benchCase.preparer().prepare();
                    functionFlags = runner.trainFunction(handler, training);
                    floorFlags = runner.trainFloor(training);
                }
                List<ProbeRunner.Result> function = new ArrayList<>();
                List<ProbeRunner.Result> floor = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    Pair pair = runPair(runner, benchCase, handler, functionFlags, floorFlags, run);
                    function.add(pair.function());
                    floor.add(pair.floor());
                }
                double functionMedian = ProbeRunner.median(function);
                double floorMedian = ProbeRunner.median(floor);
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f |%n", benchCase.logicalId(),
                        flags.getKey(), functionMedian, ProbeRunner.max(function), floorMedian, functionMedian / floorMedian,
                        ProbeRunner.medianRss(function), ProbeRunner.medianRss(floor));
            }
        }
    }

    /** A function's run and its floor's. */
    record Pair(ProbeRunner.Result function, ProbeRunner.Result floor) {}

    /**
     * Run {@code run} of a function and its floor. Each probe gets data of its own, prepared right before it, and
     * every other run the floor goes first: a probe that always started while the stand-ins were still busy with the
     * preparation's writes, or always second, would carry that alone.
     */
    static Pair runPair(ProbeRunner runner, Case benchCase, String handler, List<String> functionFlags,
                        List<String> floorFlags, int run) throws Exception {
        ProbeRunner.Result function;
        ProbeRunner.Result floor;
        if (run % 2 == 0) {
            function = runner.function(functionFlags, handler, benchCase.preparer().prepare());
            floor = runner.floor(floorFlags, benchCase.preparer().prepare());
        } else {
            floor = runner.floor(floorFlags, benchCase.preparer().prepare());
            function = runner.function(functionFlags, handler, benchCase.preparer().prepare());
        }
        requireSameCalls(benchCase, function, floor);
        return new Pair(function, floor);
    }

    /** A floor that makes other AWS calls than its function measures something else: stop. */
    private static void requireSameCalls(Case benchCase, ProbeRunner.Result function, ProbeRunner.Result floor) {
        if (!function.calls().equals(floor.calls())) {
            throw new IllegalStateException(benchCase.logicalId() + ": the function made the AWS calls ["
                    + function.calls() + "], its floor [" + floor.calls() + "]; update the floor's call list");
        }
    }
}
