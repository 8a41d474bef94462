package io.userlink.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.file.Path;

/**
 * A cold start of one function, in this fresh JVM: the handler class loaded and built by its no-argument
 * constructor (as Lambda does), invoked once with one event.
 */
public final class FunctionProbe {

    private FunctionProbe() {}

    /** Arguments: handler class name, event file. */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        APIGatewayV2HTTPEvent event = Probes.event(Path.of(args[1]));
        var handler = (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                Class.forName(args[0]).getConstructor().newInstance();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        Probes.report(response.getStatusCode());
    }
}
