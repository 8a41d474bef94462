package io.userlink.bench;

import io.userlink.bench.FunctionCases.Case;
import io.userlink.bench.FunctionCases.Prepared;
import io.userlink.bench.probe.FirstRequestProbe;
import io.userlink.local.LambdaCredentialsEndpoint;
import io.userlink.local.SamTemplate;
import io.userlink.local.TemporaryDirectory;
import io.userlink.local.crac.Core;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first request after priming: for each function published with SnapStart, fresh JVMs that build its handler, run
 * its SnapStart hooks as a publish and a restore do (the local CRaC implementation, as {@code serve} runs them), then
 * time one request and then {@code warm} more of the same route; interleaved with fresh JVMs that do the same without
 * running the hooks. Prints a Markdown table: the first request's time with and without priming, the warm request's
 * (the median of the second half of the warm requests of the primed JVMs), the primed first request over the warm one,
 * and both again for the primed first request less its reads of Secrets Manager: the app's credentials and the key
 * ring, which priming must leave uncached (a snapshot may be restored long after a rotation) and a warm request finds
 * cached. Last, where the primed first request's time went: on the wire (its AWS calls from the first byte sent to the
 * response's headers, connections and TLS handshakes included: the stand-ins' time, on Lambda AWS's and the network's)
 * or off it (the function's own code and the SDK's), and the part off the wire against a warm request's; and the time
 * of the {@code afterRestore} hooks, which on Lambda the restore spends before the first request. The probes
 * call the stand-ins over HTTPS, as a function calls AWS, and the primed probe's first request comes when the
 * connections of its priming have expired, as a restore comes long after its snapshot: so it opens its connections
 * and makes its TLS handshakes, as the first request after a restore does. Local figures (this machine, the stand-ins
 * in another process), not Lambda's.
 *
 * <p>Usage: {@code java -cp infra/bench/target/userlink-bench.jar io.userlink.bench.FirstRequestBenchmark
 * [runs [function [warm]]]} from the project root, after {@code ./mvnw package -DskipTests}.
 */
public final class FirstRequestBenchmark {

    /**
     * How long the probes' JDK keeps an idle connection (5 s by default), so that the primed probe's pause, which
     * outlasts it, stays short.
     */
    private static final int KEEP_ALIVE_SECONDS = 1;

    private static final Pattern REPORT = Pattern.compile(
            "status=(\\d+) first_us=(\\d+) warm_us=(\\d+) first_secret_reads_us=(\\d+) first_wire_us=(\\d+)"
                    + " warm_off_wire_us=(\\d+) restore_us=(\\d+)");

    /**
     * One probe run, in microseconds: the first request's time, the parts of it spent reading Secrets Manager and on
     * the wire, the warm requests' median, their median off the wire, and the {@code afterRestore} hooks' time.
     */
    private record Timing(long firstMicros, long firstSecretReadMicros, long firstWireMicros, long warmMicros,
                          long warmOffWireMicros, long restoreMicros) {

        long firstWithoutSecretReads() {
            return firstMicros - firstSecretReadMicros;
        }

        long firstOffWire() {
            return firstMicros - firstWireMicros;
        }
    }

    private final ProbeSetup setup;
    private final LambdaCredentialsEndpoint credentials;
    private final Path work;

    FirstRequestBenchmark(ProbeSetup setup, LambdaCredentialsEndpoint credentials, Path work) {
        this.setup = setup;
        this.credentials = credentials;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String only = args.length > 1 ? args[1] : "";
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Path project = SamTemplate.locate(Path.of("")).getParent();
        try (StandIns.Running aws = StandIns.start(project);
             LambdaCredentialsEndpoint credentials = LambdaCredentialsEndpoint.start();
             TemporaryDirectory work = TemporaryDirectory.create("userlink-first-request")) {
            ProbeSetup setup = ProbeSetup.seed(project, aws).overTls();
            new FirstRequestBenchmark(setup, credentials, work.path()).run(setup.snapStartCases(only), runs, warm);
        }
    }

    private void run(List<Case> cases, int runs, int warm) throws Exception {
        String classpath = setup.classpath(setup.localCracJar());
        System.out.println("| function | first request, not primed, median ms | first request after priming, median ms"
                + " | warm request, median ms | after priming / warm | after priming less its Secrets Manager reads,"
                + " median ms | that / warm | after priming, on / off the wire, median ms | warm, off the wire,"
                + " median ms | off the wire, after priming / warm | afterRestore hooks, median ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Case benchCase : cases) {
            String handler = setup.handlerOf(benchCase.logicalId());
            Map<String, String> onDemand = setup.environment(benchCase.logicalId());
            Map<String, String> snapStart = setup.snapStartEnvironment(benchCase.logicalId(), credentials);
            List<Timing> primed = new ArrayList<>();
            List<Timing> unprimed = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                unprimed.add(probe(classpath, onDemand, benchCase, handler, "unprimed", 0));
                primed.add(probe(classpath, snapStart, benchCase, handler, "primed", warm));
            }
            double primedFirst = ProbeRunner.median(primed.stream().map(Timing::firstMicros).toList()) / 1000;
            double withoutReads = ProbeRunner.median(primed.stream().map(Timing::firstWithoutSecretReads).toList()) / 1000;
            double warmRequest = ProbeRunner.median(primed.stream().map(Timing::warmMicros).toList()) / 1000;
            double onTheWire = ProbeRunner.median(primed.stream().map(Timing::firstWireMicros).toList()) / 1000;
            double offTheWire = ProbeRunner.median(primed.stream().map(Timing::firstOffWire).toList()) / 1000;
            double warmOffTheWire = ProbeRunner.median(primed.stream().map(Timing::warmOffWireMicros).toList()) / 1000;
            double restore = ProbeRunner.median(primed.stream().map(Timing::restoreMicros).toList()) / 1000;
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f / %.1f | %.2f | %.1f | %.2f |%n",
                    benchCase.logicalId(), ProbeRunner.median(unprimed.stream().map(Timing::firstMicros).toList()) / 1000,
                    primedFirst, warmRequest, primedFirst / warmRequest, withoutReads, withoutReads / warmRequest,
                    onTheWire, offTheWire, warmOffTheWire, offTheWire / warmOffTheWire, restore);
        }
    }

    /** One fresh JVM: its first request, then {@code warm} more, each with fresh data. */
    private Timing probe(String classpath, Map<String, String> environment, Case benchCase, String handler, String mode,
                         int warm) throws Exception {
        List<Prepared> requests = new ArrayList<>();
        for (int i = 0; i <= warm; i++) {
            requests.add(benchCase.preparer().prepare());
        }
        List<String> flags = new ArrayList<>(setup.clientFlags());
        flags.add("-D" + FirstRequestProbe.KEEP_ALIVE_PROPERTY + "=" + KEEP_ALIVE_SECONDS);
        String output = run(classpath, environment, flags, benchCase.logicalId(), handler, mode, requests);
        Matcher report = REPORT.matcher(output);
        if (!report.find()) {
            throw new IllegalStateException(benchCase.logicalId() + " " + mode + " probe failed: " + output);
        }
        return new Timing(Long.parseLong(report.group(2)), Long.parseLong(report.group(4)),
                Long.parseLong(report.group(5)), Long.parseLong(report.group(3)), Long.parseLong(report.group(6)),
                Long.parseLong(report.group(7)));
    }

    /**
     * Runs {@link FirstRequestProbe} in a fresh JVM with {@code flags}, {@code mode} ({@code primed} or
     * {@code unprimed}) and the requests' events; its output.
     */
    String run(String classpath, Map<String, String> environment, List<String> flags, String name, String handler,
               String mode, List<Prepared> requests) throws Exception {
        List<String> jvmFlags = new ArrayList<>(flags);
        jvmFlags.add("-Dorg.crac.Core.Compat=" + Core.class.getPackageName());
        List<String> arguments = new ArrayList<>(List.of(FirstRequestProbe.class.getName(), mode, handler,
                Integer.toString(requests.getFirst().expectedStatus())));
        for (Prepared request : requests) {
            arguments.add(request.write(work, name).toString());
        }
        ProbeSetup.Launched launched = ProbeSetup.launch(jvmFlags, classpath, environment, arguments);
        if (launched.exit() != 0) {
            throw new IllegalStateException(name + " " + mode + " probe failed (exit " + launched.exit() + "): "
                    + launched.output());
        }
        return launched.output();
    }

}
