package io.userlink.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What {@code serve} offers beside the API: {@code /openapi.yaml} (the description beside the template, with
 * this runtime's URL as its first server) and {@code /docs}, Swagger UI from its WebJar, so it works offline.
 */
final class ApiDocs {

    private static final String LOCAL_SERVER = "http://127.0.0.1:3000";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    private ApiDocs() {}

    /**
     * Registers the description and the docs page on {@code api}.
     *
     * @param description the project's openapi.yaml
     * @throws IllegalStateException when the description or Swagger UI cannot be read
     */
    static void serve(LocalHttpApi api, Path description, URI baseUrl) {
        try {
            String yaml = Files.readString(description).replace(LOCAL_SERVER, baseUrl.toString());
            api.serveFile("/openapi.yaml", new LocalHttpApi.ServedFile("application/yaml", yaml.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API description " + description + ": " + e.getMessage(), e);
        }
        String swaggerUi = WEBJAR + swaggerUiVersion() + "/";
        api.serveFile("/docs", new LocalHttpApi.ServedFile("text/html; charset=utf-8", resource("docs/index.html")));
        api.serveFile("/docs/start.js", new LocalHttpApi.ServedFile("text/javascript", resource("docs/start.js")));
        api.serveFile("/docs/swagger-ui-bundle.js", new LocalHttpApi.ServedFile("text/javascript",
                resource("/" + swaggerUi + "swagger-ui-bundle.js")));
        api.serveFile("/docs/swagger-ui.css", new LocalHttpApi.ServedFile("text/css", resource("/" + swaggerUi + "swagger-ui.css")));
    }

    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI's WebJar is not on the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
