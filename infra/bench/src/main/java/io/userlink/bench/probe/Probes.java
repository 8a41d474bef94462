package io.userlink.bench.probe;

import io.userlink.bench.report.ProbeReport;
import io.userlink.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What both probes do alike: read the event as the Lambda runtime does, and report what they did. */
final class Probes {

    private Probes() {}

    /**
     * The event's raw bytes, as Lambda hands them to a stream handler, parsed with the JSON parser the SDK carries
     * anyway (through {@link Json}, a thin wrapper over it).
     */
    static Map<String, Object> event(Path file) throws IOException {
        return Json.parseTrustedObject(Files.readString(file));
    }

    /**
     * The outcome of a handler's response as an HTTP status: a payload 2.0 response's own; for a stream batch's answer,
     * 200 when no record must be retried, else 500; 200 for the empty answer of a handler whose caller reads none
     * (the key ring's rotation), which would have thrown had it failed.
     */
    static int status(byte[] response) throws IOException {
        if (response.length == 0) {
            return 200;
        }
        Map<String, Object> answer = Json.parseTrustedObject(new String(response, StandardCharsets.UTF_8));
        if (answer.get("batchItemFailures") instanceof List<?> failures) {
            return failures.isEmpty() ? 200 : 500;
        }
        return ((Number) answer.get("statusCode")).intValue();
    }

    /** One line for the benchmark: the outcome, the peak resident set size and the AWS calls made. */
    static void report(int status) throws IOException {
        ProbeReport.print(status, CallKinds.made());
    }
}
