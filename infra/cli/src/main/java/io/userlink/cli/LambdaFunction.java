package io.userlink.cli;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.userlink.local.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * One function of the template, run as the Lambda Java runtime runs it: the handler class built once with
 * its no-argument constructor, the event deserialized and the result serialized by the runtime's own
 * serializers (aws-lambda-java-serialization).
 */
final class LambdaFunction {

    private final SamTemplate.Function definition;
    private volatile Loaded loaded;

    private record Loaded(RequestHandler<Object, Object> handler, PojoSerializer<Object> input, PojoSerializer<Object> output) {}

    LambdaFunction(SamTemplate.Function definition) {
        this.definition = definition;
    }

    String logicalId() {
        return definition.logicalId();
    }

    /**
     * Invokes the handler with a JSON event and returns the JSON result.
     *
     * @throws IllegalStateException when the handler cannot be loaded
     * @throws RuntimeException whatever the handler throws (Lambda would report it as a function error)
     */
    String invoke(String eventJson, Context context) {
        Loaded function = load();
        Object result = function.handler().handleRequest(function.input().fromJson(eventJson), context);
        if (result == null) {
            return "null";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.output().toJson(result, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Loaded load() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                current = loaded;
                if (current == null) {
                    current = instantiate();
                    loaded = current;
                }
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private Loaded instantiate() {
        String[] handler = definition.handler().split("::");
        try {
            Class<?> type = Class.forName(handler[0]);
            Type[] io = requestHandlerTypes(type);
            RequestHandler<Object, Object> instance = (RequestHandler<Object, Object>) type.getConstructor().newInstance();
            return new Loaded(instance, serializer(io[0]), serializer(io[1]));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the handler of " + definition.logicalId() + " failed to initialise: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot load the handler " + definition.handler() + " of "
                    + definition.logicalId() + ": " + e, e);
        }
    }

    private static Type[] requestHandlerTypes(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Type candidate : current.getGenericInterfaces()) {
                if (candidate instanceof ParameterizedType parameterized && parameterized.getRawType() == RequestHandler.class) {
                    return parameterized.getActualTypeArguments();
                }
            }
        }
        throw new IllegalStateException(type.getName() + " does not implement RequestHandler<I, O>");
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type) {
        Class<?> raw = type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
        if (LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, LambdaFunction.class.getClassLoader());
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }
}
