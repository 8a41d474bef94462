package io.userlink.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * Amazon's DynamoDB Local engine, run in this JVM in server mode so that real SDK clients (and their
 * interceptors) talk to it over HTTP. The engine binds every interface and offers no host option;
 * nothing here sends it traffic from beyond loopback.
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** Held so the level set on it survives garbage collection: sqlite4java warns about its own version. */
    private static final Logger SQLITE_LOGGER = Logger.getLogger("com.almworks.sqlite4java");

    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts an in-memory engine on a free port. */
    public static LocalDynamoDb startInMemory() {
        return start(List.of("-inMemory"), freePort());
    }

    /** Starts an engine that keeps its data in {@code directory} across restarts. */
    public static LocalDynamoDb startPersistent(Path directory, int port) {
        return start(List.of("-dbPath", directory.toAbsolutePath().toString()), port == 0 ? freePort() : port);
    }

    private static LocalDynamoDb start(List<String> storage, int port) {
        List<String> args = new ArrayList<>(storage);
        args.addAll(List.of("-port", Integer.toString(port), "-sharedDb", "-disableTelemetry"));
        SQLITE_LOGGER.setLevel(Level.SEVERE);
        PrintStream stdout = System.out;
        // The engine prints its configuration on stdout; a command's stdout is its output, so send it to stderr.
        System.setOut(System.err);
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new LocalDynamoDb(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local on port " + port + ": " + e.getMessage(), e);
        } finally {
            System.setOut(stdout);
        }
    }

    /** The endpoint URL to give the SDK client ({@code endpointOverride}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A plain SDK client for this engine, for setup and assertions. */
    public DynamoDbClient client() {
        return LocalAwsClients.build(DynamoDbClient.builder(), endpoint());
    }

    /**
     * Creates a table named {@code tableName} as the template defines it. DynamoDB Local honours the TTL
     * setting but deletes on its own schedule, as the service does: readers check expiry either way.
     * Creating an existing table is a no-op, so a persistent data directory keeps its table.
     */
    public void createTable(SamTemplate template, String tableName) {
        try (DynamoDbClient client = client()) {
            createTable(client, template, tableName);
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
                    .build());
            client.waiter().waitUntilTableExists(r -> r.tableName(tableName));
            if (table.get("TimeToLiveSpecification") instanceof Map<?, ?> ttl && Boolean.TRUE.equals(ttl.get("Enabled"))) {
                client.updateTimeToLive(r -> r.tableName(tableName).timeToLiveSpecification(
                        s -> s.enabled(true).attributeName(String.valueOf(ttl.get("AttributeName")))));
            }
        } catch (ResourceInUseException alreadyThere) {
            // Kept from an earlier start.
        }
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
