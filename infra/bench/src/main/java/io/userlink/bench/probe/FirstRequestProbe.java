package io.userlink.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.userlink.local.crac.Core;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first request after a SnapStart restore, stood in for in this fresh JVM: the handler built by its no-argument
 * constructor (as Lambda initialises a function before publishing a version), then, when primed, the function's
 * SnapStart hooks run as a publish and a restore run them ({@code beforeCheckpoint}, the time between a snapshot and
 * its restore, then {@code afterRestore}, timed: the JVM's system property {@code org.crac.Core.Compat} names the local
 * CRaC implementation, which the probe calls for each half), then one request timed at once, with the time it spent
 * reading Secrets Manager (which a warm request finds cached) and on the wire (see {@link CallKinds}), then the warm
 * requests of the same route in the same JVM. Unprimed, the hooks never run: the first request of a function without
 * SnapStart's priming.
 */
public final class FirstRequestProbe {

    /** The JDK's system property: how many seconds an idle connection to a server is kept for reuse. */
    public static final String KEEP_ALIVE_PROPERTY = "http.keepAlive.time.server";
    private static final int DEFAULT_KEEP_ALIVE_SECONDS = 5;

    private FirstRequestProbe() {}

    /**
     * Arguments: {@code primed} or {@code unprimed}, the handler class, the status each request must answer, then
     * the event files: the first for the first request, the others for the warm ones.
     */
    public static void main(String[] args) throws Exception {
        boolean primed = switch (args[0]) {
            case "primed" -> true;
            case "unprimed" -> false;
            default -> throw new IllegalArgumentException("primed or unprimed, not " + args[0]);
        };
        var handler = (RequestStreamHandler) Class.forName(args[1]).getConstructor().newInstance();
        int expectedStatus = Integer.parseInt(args[2]);
        long restoreMicros = 0;
        if (primed) {
            Core.checkpoint();
            waitForIdleConnectionsToExpire();
            long restoreStarted = System.nanoTime();
            Core.restore();
            restoreMicros = (System.nanoTime() - restoreStarted) / 1_000;
        }
        List<Long> micros = new ArrayList<>();
        List<Long> offTheWireMicros = new ArrayList<>();
        long firstSecretReadMicros = 0;
        long firstWireMicros = 0;
        for (String file : List.of(args).subList(3, args.length)) {
            byte[] event = Files.readAllBytes(Path.of(file));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            boolean first = micros.isEmpty();
            // Before the mark: the probe's own classes must not count among the request's.
            int callsBefore = CallKinds.count();
            if (first) {
                FirstRequestBegins.mark();
            }
            long started = System.nanoTime();
            handler.handleRequest(new ByteArrayInputStream(event), response, null);
            micros.add((System.nanoTime() - started) / 1_000);
            long wireMicros = CallKinds.wireNanosSince(callsBefore) / 1_000;
            offTheWireMicros.add(micros.getLast() - wireMicros);
            if (first) {
                FirstRequestEnds.mark();
                firstSecretReadMicros = CallKinds.secretReadNanosSince(callsBefore) / 1_000;
                firstWireMicros = wireMicros;
            }
            int status = Probes.status(response.toByteArray());
            if (status != expectedStatus) {
                System.out.println("status=" + status);
                return;
            }
        }
        System.out.println("status=" + expectedStatus + " first_us=" + micros.getFirst() + " warm_us=" + warmMedian(micros)
                + " first_secret_reads_us=" + firstSecretReadMicros + " first_wire_us=" + firstWireMicros
                + " warm_off_wire_us=" + warmMedian(offTheWireMicros) + " restore_us=" + restoreMicros);
    }

    /** The warm figure: the median of the second half of the warm requests, when the first ones have compiled. */
    private static long warmMedian(List<Long> requests) {
        List<Long> warm = requests.subList(1 + (requests.size() - 1) / 2, requests.size()).stream().sorted().toList();
        return warm.isEmpty() ? 0 : warm.get(warm.size() / 2);
    }

    /**
     * A restore comes long after its snapshot, so the JDK finds the connections its priming left idle expired (it
     * keeps one as many seconds as {@value #KEEP_ALIVE_PROPERTY} says, 5 by default, by the wall clock), and the
     * restore hooks and the first request open new ones, with their TLS handshakes. Here the snapshot's time passes
     * between the two halves of the hooks: wait out the keep-alive time, which the benchmark shortens for that.
     */
    private static void waitForIdleConnectionsToExpire() throws InterruptedException {
        Thread.sleep(Integer.getInteger(KEEP_ALIVE_PROPERTY, DEFAULT_KEEP_ALIVE_SECONDS) * 1_000L + 100);
    }

    /** Loaded just before the first request: marks in a class-loading log where the request's classes begin. */
    public static final class FirstRequestBegins {
        private FirstRequestBegins() {}

        static void mark() {}
    }

    /** Loaded just after the first request: marks in a class-loading log where the request's classes end. */
    public static final class FirstRequestEnds {
        private FirstRequestEnds() {}

        static void mark() {}
    }
}
