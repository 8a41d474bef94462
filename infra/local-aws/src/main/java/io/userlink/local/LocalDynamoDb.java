package io.userlink.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * Amazon's DynamoDB Local engine, run in this JVM in server mode on a loopback port of its own, behind the
 * {@link AwsGateway}. The engine checks no signature: it keeps one database per access key, so the gateway
 * forwards every call it allowed under an access key of its own (random, or kept in the data directory),
 * and a caller reaching the engine's port directly sees an empty database, not Userlink's data.
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** A response of the engine, relayed as it is (its CRC32 header covers the body). */
    record Response(int status, Map<String, String> headers, byte[] body) {}

    /** Held so the level set on it survives garbage collection: sqlite4java warns about its own version. */
    private static final Logger SQLITE_LOGGER = Logger.getLogger("com.almworks.sqlite4java");
    private static final String KEY_FILE = "dynamodb-local.key";
    /** What an earlier version kept with -sharedDb, before the gateway's own access key. */
    private static final String SHARED_DATABASE = "shared-local-instance.db";
    private static final List<String> RELAYED_HEADERS = List.of("Content-Type", "x-amzn-RequestId", "x-amz-crc32");

    private final DynamoDBProxyServer server;
    private final int port;
    private final String accessKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, List<String>> keyAttributes = new ConcurrentHashMap<>();

    private LocalDynamoDb(DynamoDBProxyServer server, int port, String accessKey) {
        this.server = server;
        this.port = port;
        this.accessKey = accessKey;
    }

    /** Starts an in-memory engine on a free loopback port. */
    static LocalDynamoDb startInMemory() {
        return start(List.of("-inMemory"), freePort(), randomKey());
    }

    /** Starts an engine that keeps its data in {@code directory} across restarts. */
    static LocalDynamoDb startPersistent(Path directory) {
        return start(List.of("-dbPath", directory.toAbsolutePath().toString()), freePort(), persistentKey(directory));
    }

    private static LocalDynamoDb start(List<String> storage, int port, String accessKey) {
        List<String> args = new ArrayList<>(storage);
        args.addAll(List.of("-port", Integer.toString(port), "-disableTelemetry"));
        SQLITE_LOGGER.setLevel(Level.SEVERE);
        PrintStream stdout = System.out;
        // The engine prints its configuration on stdout; a command's stdout is its output, so send it to stderr.
        System.setOut(System.err);
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            bindToLoopback(server);
            server.start();
            return new LocalDynamoDb(server, port, accessKey);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local on port " + port + ": " + e.getMessage(), e);
        } finally {
            System.setOut(stdout);
        }
    }

    /**
     * The engine offers no host option and binds every interface; its Jetty server is reachable only through
     * a private field, so set its connectors' host before it starts.
     */
    private static void bindToLoopback(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        for (Connector connector : jetty.getConnectors()) {
            ((ServerConnector) connector).setHost(InetAddress.getLoopbackAddress().getHostAddress());
        }
    }

    /**
     * The engine's access key for a data directory: kept in a file readable by its owner only. An earlier
     * shared database is taken over under the new key, so its data stays.
     */
    private static String persistentKey(Path directory) {
        Path keyFile = directory.resolve(KEY_FILE);
        try {
            if (Files.exists(keyFile)) {
                return Files.readString(keyFile).strip();
            }
            String key = randomKey();
            Files.writeString(keyFile, key);
            PrivateFiles.restrictToOwner(keyFile);
            Path shared = directory.resolve(SHARED_DATABASE);
            if (Files.exists(shared)) {
                Files.move(shared, directory.resolve(key + "_" + LocalDeployment.REGION + ".db"));
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep DynamoDB Local's key in " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static String randomKey() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return "GATEWAY" + HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** Sends an allowed call to the engine under the gateway's key, and returns the engine's answer. */
    Response forward(String operation, byte[] body) throws IOException {
        return forward("DynamoDB_20120810.", operation, body);
    }

    /** A call of the DynamoDB Streams API (the same engine, another target prefix). */
    Response forwardStreams(String operation, byte[] body) throws IOException {
        return forward("DynamoDBStreams_20120810.", operation, body);
    }

    private Response forward(String targetPrefix, String operation, byte[] body) throws IOException {
        String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", targetPrefix + operation)
                // The engine reads the access key and region to choose its database; it checks no signature.
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + date + "/"
                        + LocalDeployment.REGION + "/dynamodb/aws4_request, SignedHeaders=host, Signature=" + "0".repeat(64))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling DynamoDB Local", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : RELAYED_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
        }
        return new Response(response.statusCode(), headers, response.body());
    }

    /**
     * The names of a table's key attributes, as the engine describes the table (once, for the template's table when it
     * is created, so no request pays it); none for a table it lacks.
     */
    List<String> keyAttributes(String tableName) {
        List<String> known = keyAttributes.get(tableName);
        if (known != null) {
            return known;
        }
        try (DynamoDbClient client = client()) {
            return describedKeyAttributes(client, tableName);
        }
    }

    private List<String> describedKeyAttributes(DynamoDbClient client, String tableName) {
        try {
            List<String> names = client.describeTable(r -> r.tableName(tableName)).table().keySchema().stream()
                    .map(KeySchemaElement::attributeName).toList();
            keyAttributes.put(tableName, names);
            return names;
        } catch (ResourceNotFoundException absent) {
            return List.of();
        }
    }

    /** A client of the engine itself, under the gateway's key: for what CloudFormation would create. */
    DynamoDbClient client() {
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.of(LocalDeployment.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "unchecked")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Creates a table named {@code tableName} as the template defines it. DynamoDB Local honours the TTL
     * setting but deletes on its own schedule, as the service does: readers check expiry either way.
     * Creating an existing table is a no-op, so a persistent data directory keeps its table.
     */
    void createTable(SamTemplate template, String tableName) {
        try (DynamoDbClient client = client()) {
            createTable(client, template, tableName);
            describedKeyAttributes(client, tableName);
        }
    }

    /** Creates the template's table through any DynamoDB client (DynamoDB Local, LocalStack, AWS). */
    public static void createTable(DynamoDbClient client, SamTemplate template, String tableName) {
        Map<String, Object> table = template.table();
        try {
            client.createTable(CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(list(table.get("KeySchema")).stream()
                            .map(k -> KeySchemaElement.builder()
                                    .attributeName(String.valueOf(k.get("AttributeName")))
                                    .keyType(String.valueOf(k.get("KeyType"))).build())
                            .toList())
                    .attributeDefinitions(list(table.get("AttributeDefinitions")).stream()
                            .map(a -> AttributeDefinition.builder()
                                    .attributeName(String.valueOf(a.get("AttributeName")))
                                    .attributeType(String.valueOf(a.get("AttributeType"))).build())
                            .toList())
                    .streamSpecification(streamSpecification(table))
                    .build());
            client.waiter().waitUntilTableExists(r -> r.tableName(tableName));
            if (table.get("TimeToLiveSpecification") instanceof Map<?, ?> ttl && Boolean.TRUE.equals(ttl.get("Enabled"))) {
                client.updateTimeToLive(r -> r.tableName(tableName).timeToLiveSpecification(
                        s -> s.enabled(true).attributeName(String.valueOf(ttl.get("AttributeName")))));
            }
        } catch (ResourceInUseException alreadyThere) {
            // Kept from an earlier start, perhaps from before the template gave the table a stream.
            StreamSpecification wanted = streamSpecification(table);
            if (wanted.streamEnabled() && client.describeTable(r -> r.tableName(tableName)).table().latestStreamArn() == null) {
                client.updateTable(r -> r.tableName(tableName).streamSpecification(wanted));
            }
        }
    }

    private static StreamSpecification streamSpecification(Map<String, Object> table) {
        if (table.get("StreamSpecification") instanceof Map<?, ?> stream && stream.get("StreamViewType") != null) {
            return StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(String.valueOf(stream.get("StreamViewType"))).build();
        }
        return StreamSpecification.builder().streamEnabled(false).build();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop DynamoDB Local: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for DynamoDB Local: " + e.getMessage(), e);
        }
    }
}
