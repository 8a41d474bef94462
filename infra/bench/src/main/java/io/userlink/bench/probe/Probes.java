package io.userlink.bench.probe;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What both probes do alike: read the event as the Lambda runtime does, and report what they did. */
final class Probes {

    private Probes() {}

    /** The event, deserialized by the Lambda runtime's own serializer, as Lambda hands it to a handler. */
    static APIGatewayV2HTTPEvent event(Path file) throws IOException {
        return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, Probes.class.getClassLoader())
                .fromJson(Files.readString(file));
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
