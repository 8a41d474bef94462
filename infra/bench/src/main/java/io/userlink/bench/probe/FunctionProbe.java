package io.userlink.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cold start of one function, in this fresh JVM: the handler class loaded and built by its no-argument
 * constructor (as Lambda does), invoked once with one event.
 */
public final class FunctionProbe {

    private FunctionProbe() {}

    /** Arguments: handler class name, event file. */
    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        var handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), response, null);
        Probes.report(Probes.status(response.toByteArray()));
    }
}
