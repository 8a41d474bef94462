package io.userlink.bench.pojo;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.userlink.bench.report.ProbeReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A cold start of an outside program's POJO {@code RequestHandler} of an API Gateway event, in this fresh JVM, as
 * Lambda's Java runtime runs one: the handler built by its no-argument constructor, the event read and the response
 * written with the runtime's event serializer for the handler's own type arguments. It ships in a jar of its own,
 * without the SDK interceptor that notes Userlink's calls, so the outside program runs on its own classes alone.
 */
public final class PojoHandlerProbe {

    private PojoHandlerProbe() {}

    /** Arguments: handler class name, event file. */
    public static void main(String[] args) throws Exception {
        ProbeReport.print(invoke(Class.forName(args[0]), Files.readAllBytes(Path.of(args[1]))), "");
    }

    /** Builds the handler, hands it the event and answers the status of its response's {@code getStatusCode()}. */
    @SuppressWarnings("unchecked")
    static int invoke(Class<?> handlerType, byte[] event) throws Exception {
        var handler = (RequestHandler<Object, Object>) handlerType.getConstructor().newInstance();
        Type[] types = Arrays.stream(handlerType.getGenericInterfaces())
                .filter(type -> type instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class)
                .map(type -> ((ParameterizedType) type).getActualTypeArguments())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(handlerType + " implements no RequestHandler<I, O>"));
        PojoSerializer<Object> input = serializer(types[0], handlerType.getClassLoader());
        PojoSerializer<Object> output = serializer(types[1], handlerType.getClassLoader());
        Object response = handler.handleRequest(input.fromJson(new ByteArrayInputStream(event)), null);
        output.toJson(response, new ByteArrayOutputStream());
        return ((Number) response.getClass().getMethod("getStatusCode").invoke(response)).intValue();
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        return LambdaEventSerializers.serializerFor((Class<Object>) type, loader);
    }
}
