package io.userlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.userlink.support.TestAws;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar as Lambda loads it: the runtime's event serializer, given a class loader that sees only
 * the jar, must read our events. (It loads org.joda.time.DateTime from the function's classpath for every
 * event type; a jar without joda-time fails every invocation.)
 */
class DeployableJarIT {

    @Test
    void runtimeSerializerWhenGivenOnlyTheJarThenReadsEveryEvent() throws Exception {
        Path jar = Path.of("target/userlink-functions.jar");
        URL serializer = LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader lambda = new URLClassLoader(new URL[] {jar.toUri().toURL(), serializer},
                ClassLoader.getPlatformClassLoader());
             var events = Files.list(TestAws.template().getParent().resolve("events"))) {
            Class<?> eventType = lambda.loadClass("com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent");
            Class<?> serializers = lambda.loadClass(LambdaEventSerializers.class.getName());
            Object pojoSerializer = serializers.getMethod("serializerFor", Class.class, ClassLoader.class)
                    .invoke(null, eventType, lambda);
            var fromJson = lambda.loadClass("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer")
                    .getMethod("fromJson", String.class);
            for (Path event : events.filter(file -> file.toString().endsWith(".json")).toList()) {
                Object parsed = fromJson.invoke(pojoSerializer, Files.readString(event));
                assertEquals(eventType, parsed.getClass(), event.toString());
            }
        }
    }
}
