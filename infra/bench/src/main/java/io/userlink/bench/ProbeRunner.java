package io.userlink.bench;

import io.userlink.bench.FunctionCases.Prepared;
import io.userlink.bench.pojo.PojoHandlerProbe;
import io.userlink.bench.probe.FloorProbe;
import io.userlink.bench.probe.FunctionProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts the probes in fresh JVMs and measures them from the parent: wall time to exit, and peak RSS. */
final class ProbeRunner {

    /** One probe run, and the AWS calls it made, e.g. {@code get,sm,tx:2}. */
    record Result(double wallMillis, long peakRssKb, String calls) {}

    /** The JIT settings every cold-start table measures, by the label its rows carry: the JVM's default, and C1 only. */
    static final Map<String, List<String>> JIT_FLAG_SETS = orderedFlagSets();

    private static final Pattern REPORT = Pattern.compile("status=(\\d+) peak_rss_kb=(\\d+) calls=(\\S*)");

    private final String classpath;
    private final Map<String, String> environment;
    private final Path work;
    private final String name;

    ProbeRunner(String classpath, Map<String, String> environment, Path work, String name) {
        this.classpath = classpath;
        this.environment = environment;
        this.work = work;
        this.name = name;
    }

    Result function(List<String> flags, String handler, Prepared prepared) throws Exception {
        Path event = prepared.write(work, name);
        return run(flags, List.of(FunctionProbe.class.getName(), handler, event.toString()), prepared.expectedStatus());
    }

    Result floor(List<String> flags, Prepared prepared) throws Exception {
        Path event = prepared.write(work, name);
        List<String> arguments = new ArrayList<>(List.of(FloorProbe.class.getName(), event.toString()));
        arguments.addAll(prepared.floorCalls());
        return run(flags, arguments, 200);
    }

    /** An outside program's POJO handler ({@link PojoHandlerProbe}) with {@code event}, which must answer 200. */
    Result pojo(List<String> flags, String handler, Path event) throws Exception {
        return run(flags, List.of(PojoHandlerProbe.class.getName(), handler, event.toString()), 200);
    }

    /** Writes the function's AOT cache with one training run; the flags that use it. */
    List<String> trainFunction(String handler, Prepared prepared) throws Exception {
        Path cache = work.resolve(name + "-function.aot");
        function(List.of("-XX:AOTCacheOutput=" + cache), handler, prepared);
        return List.of("-XX:AOTCache=" + cache);
    }

    /** Writes the floor's AOT cache with one training run; the flags that use it. */
    List<String> trainFloor(Prepared prepared) throws Exception {
        Path cache = work.resolve(name + "-floor.aot");
        floor(List.of("-XX:AOTCacheOutput=" + cache), prepared);
        return List.of("-XX:AOTCache=" + cache);
    }

    /** Runs a probe, which must answer {@code expectedStatus}: a run on an error path would measure the wrong work. */
    private Result run(List<String> flags, List<String> arguments, int expectedStatus) throws Exception {
        ProbeSetup.Launched launched = ProbeSetup.launch(flags, classpath, environment, arguments);
        Matcher report = REPORT.matcher(launched.output());
        if (launched.exit() != 0 || !report.find() || Integer.parseInt(report.group(1)) != expectedStatus) {
            throw new IllegalStateException(name + " probe failed (exit " + launched.exit() + "): " + launched.output());
        }
        return new Result(launched.wallMillis(), Long.parseLong(report.group(2)), report.group(3));
    }

    private static Map<String, List<String>> orderedFlagSets() {
        Map<String, List<String>> flagSets = new LinkedHashMap<>();
        flagSets.put("default", List.of());
        flagSets.put("C1 (TieredStopAtLevel=1)", List.of("-XX:TieredStopAtLevel=1"));
        return Collections.unmodifiableMap(flagSets);
    }

    static double median(List<Result> results) {
        return median(results.stream().map(Result::wallMillis).toList());
    }

    /** The median of {@code values}: the middle one, or the mean of the two middle ones. */
    static double median(Collection<? extends Number> values) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    static double max(List<Result> results) {
        return results.stream().mapToDouble(Result::wallMillis).max().orElse(0);
    }

    static double medianRss(List<Result> results) {
        List<Long> sorted = results.stream().map(Result::peakRssKb).sorted().toList();
        return sorted.get(sorted.size() / 2) / 1024.0;
    }
}
