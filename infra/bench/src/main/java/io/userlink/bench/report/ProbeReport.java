package io.userlink.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The line a probe JVM ends with, which the benchmark reads: the outcome, the peak resident set size and the AWS
 * calls made. Shared by the probes of Userlink's functions and the probe of an outside POJO handler, which ship in
 * separate jars.
 */
public final class ProbeReport {

    private ProbeReport() {}

    /** Prints the line: {@code status}, this JVM's peak RSS ({@code VmHWM}), and {@code calls} as noted. */
    public static void print(int status, String calls) throws IOException {
        String peak = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> line.replaceAll("\\D+", ""))
                .findFirst().orElse("0");
        System.out.println("status=" + status + " peak_rss_kb=" + peak + " calls=" + calls);
    }
}
