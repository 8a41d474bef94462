package io.userlink.bench;

import io.userlink.bench.FunctionCases.Case;
import io.userlink.bench.probe.FirstRequestProbe;
import io.userlink.local.LambdaCredentialsEndpoint;
import io.userlink.local.SamTemplate;
import io.userlink.local.TemporaryDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes the SnapStart class-priming lists ({@code functions/src/main/resources/snapstart/<handler>.classes}, read by
 * the functions' {@code ClassPriming}): for each function published with SnapStart, one fresh JVM builds its handler
 * and serves one request of its success path with the JVM's class-loading log on; the classes of the function's jar
 * loaded during that request (hidden classes aside, which cannot be loaded by name) are its list. Rebuild the jar and
 * run again after a change to a function's code path.
 *
 * <p>Usage: {@code java -cp infra/bench/target/userlink-bench.jar io.userlink.bench.PrimingClassLists [function]}
 * from the project root, after {@code ./mvnw package -DskipTests}.
 */
public final class PrimingClassLists {

    private PrimingClassLists() {}

    public static void main(String[] args) throws Exception {
        String only = args.length > 0 ? args[0] : "";
        Path project = SamTemplate.locate(Path.of("")).getParent();
        try (StandIns.Running aws = StandIns.start(project);
             LambdaCredentialsEndpoint credentials = LambdaCredentialsEndpoint.start();
             TemporaryDirectory temporary = TemporaryDirectory.create("userlink-priming-lists")) {
            ProbeSetup setup = ProbeSetup.seed(project, aws);
            Path work = temporary.path();
            FirstRequestBenchmark probes = new FirstRequestBenchmark(setup, credentials, work);
            String classpath = setup.classpath(setup.localCracJar());
            for (Case benchCase : setup.snapStartCases(only)) {
                String handler = setup.handlerOf(benchCase.logicalId());
                Path log = work.resolve(benchCase.logicalId() + ".log");
                // The environment a SnapStart function has, its credentials fetched on first use among them: the
                // lists are primed only before a snapshot.
                probes.run(classpath, setup.snapStartEnvironment(benchCase.logicalId(), credentials),
                        List.of("-Xlog:class+load:file=" + log),
                        benchCase.logicalId(), handler, "unprimed", List.of(benchCase.preparer().prepare()));
                List<String> classes = firstRequestClasses(Files.readAllLines(log));
                Path list = project.resolve("functions/src/main/resources/snapstart")
                        .resolve(handler.substring(handler.lastIndexOf('.') + 1) + ".classes");
                Files.createDirectories(list.getParent());
                List<String> lines = new ArrayList<>(List.of("# The classes " + benchCase.logicalId() + "'s first request"
                        + " loads, primed before its SnapStart snapshot.", "# Written by io.userlink.bench.PrimingClassLists"
                        + " (BENCHMARKS.md); do not edit."));
                lines.addAll(classes);
                Files.write(list, lines);
                System.out.println(list + ": " + classes.size() + " classes");
            }
        }
    }

    /** The function jar's classes the log shows loaded between the probe's two marks, sorted. */
    static List<String> firstRequestClasses(List<String> log) {
        TreeSet<String> classes = new TreeSet<>();
        boolean inRequest = false;
        for (String line : log) {
            String name = line.replaceFirst("^\\[[^]]*]\\[[^]]*]\\[[^]]*] ", "").split(" ", 2)[0];
            if (name.equals(FirstRequestProbe.FirstRequestBegins.class.getName())) {
                inRequest = true;
            } else if (name.equals(FirstRequestProbe.FirstRequestEnds.class.getName())) {
                return List.copyOf(classes);
            } else if (inRequest && line.contains("userlink-functions.jar") && !name.contains("/")
                    && !name.contains("$$")) {
                classes.add(name);
            }
        }
        throw new IllegalStateException("the log holds no complete first request");
    }
}
