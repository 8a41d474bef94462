package io.userlink.bench.probe;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What both probes do alike: read the event as the Lambda runtime does, and report what they did. */
final class Probes {

    private Probes() {}

    /** The event's raw bytes, as Lambda hands them to a stream handler, parsed with jackson-jr. */
    static Map<String, Object> event(Path file) throws IOException {
        return JSON.std.mapFrom(Files.readAllBytes(file));
    }

    /** The status of a payload 2.0 response a handler wrote. */
    static int status(byte[] response) throws IOException {
        return ((Number) JSON.std.mapFrom(response).get("statusCode")).intValue();
    }

    /** One line for the benchmark: the outcome, the peak resident set size and the AWS calls made. */
    static void report(int status) throws IOException {
        String peak = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> line.replaceAll("\\D+", ""))
                .findFirst().orElse("0");
        System.out.println("status=" + status + " peak_rss_kb=" + peak + " calls=" + CallKinds.made());
    }
}
