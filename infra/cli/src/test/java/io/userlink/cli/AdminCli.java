package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The admin commands run in this JVM against a local runtime, as its operator with the key of a credentials file. */
record AdminCli(URI endpoint, Path credentialsFile) {

    /** The admin commands with the operator's key of {@code runtime} (the template's operator policy), as `serve` writes it. */
    static AdminCli asOperator(LocalRuntime runtime, Path directory) throws IOException {
        Path credentials = directory.resolve("credentials.json");
        ObjectNode document = (ObjectNode) Http.json("{}");
        OperatorCredentials.write(document, runtime.operatorKey());
        Files.writeString(credentials, document.toString());
        return new AdminCli(runtime.endpoint(), credentials);
    }

    /**
     * Runs {@code userlink ARGS --endpoint … --credentials-file …}, which must exit with {@code expectedStatus}; what it
     * printed on standard output, and on standard error after it when it was to fail.
     */
    String run(int expectedStatus, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("--endpoint=" + endpoint);
        arguments.add("--credentials-file=" + credentialsFile);
        int status = UserlinkCli.run(arguments.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(expectedStatus, status, List.of(args) + ": " + out + err);
        return expectedStatus == 0 ? out.toString() : out.toString() + err;
    }
}
