package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The admin commands run in this JVM against a local runtime, as its operator with the key of a credentials file. */
record AdminCli(URI endpoint, Path credentialsFile) {

    /**
     * Runs {@code userlink ARGS --endpoint … --credentials-file …}, which must exit with {@code expectedStatus}; what it
     * printed on standard output, or on standard error when it was to fail.
     */
    String run(int expectedStatus, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("--endpoint=" + endpoint);
        arguments.add("--credentials-file=" + credentialsFile);
        int status = UserlinkCli.run(arguments.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(expectedStatus, status, List.of(args) + ": " + out + err);
        return expectedStatus == 0 ? out.toString() : err.toString();
    }
}
