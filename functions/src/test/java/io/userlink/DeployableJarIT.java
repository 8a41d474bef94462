package io.userlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.userlink.support.TestAws;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar as Lambda loads it: every handler reads its raw event itself, so the jar needs no event
 * serializer and none of what the runtime's serializer needed (joda-time); JSON goes through the parser the AWS SDK
 * carries, so it ships no second JSON library; and what reads the events must work with nothing but the jar on the
 * class path.
 */
class DeployableJarIT {

    private static final Path JAR = Path.of("target/userlink-functions.jar");

    @Test
    void jarWhenBuiltThenItShipsNoJodaTime() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertFalse(Collections.list(jar.entries()).stream().anyMatch(entry -> entry.getName().startsWith("org/joda/")),
                    "joda-time was needed only by the Lambda runtime's POJO serializer, which no handler uses");
        }
    }

    @Test
    void jarWhenBuiltThenItShipsNoJsonLibraryBesideTheSdks() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(List.of(), Collections.list(jar.entries()).stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith("com/fasterxml/")).limit(5).toList(),
                    "Json reads and writes with the SDK's shaded Jackson, which every function that calls AWS loads anyway");
        }
    }

    @Test
    void payloadReaderWhenGivenOnlyTheJarThenReadsEveryEvent() throws Exception {
        try (URLClassLoader lambda = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             var events = Files.list(TestAws.template().getParent().resolve("events"))) {
            var read = lambda.loadClass("io.userlink.http.ApiGatewayPayload").getMethod("event", InputStream.class);
            var routeKey = lambda.loadClass("com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent")
                    .getMethod("getRouteKey");
            for (Path event : events.filter(file -> file.toString().endsWith(".json")).toList()) {
                try (InputStream in = Files.newInputStream(event)) {
                    String expected = Files.readString(event).replaceAll("(?s).*\"routeKey\": \"([^\"]+)\".*", "$1");
                    assertEquals(expected, routeKey.invoke(read.invoke(null, in)), event.toString());
                }
            }
        }
    }
}
