package io.userlink.support;

import io.userlink.local.LocalDynamoDb;
import io.userlink.local.SamTemplate;
import io.userlink.local.iam.AccessKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * moto's server ({@code moto_server}, an AWS emulator in Python that needs no Docker): a second engine, written
 * independently of DynamoDB Local and of our Secrets Manager, for the contracts, so that a behaviour of our
 * stand-ins that AWS does not share shows as a difference. Started once per test JVM with the template's
 * table; tests that need it are skipped where {@code moto_server} is not installed.
 */
public final class MotoServer {

    /** moto accepts any key. */
    public static final AccessKey ANY_KEY = new AccessKey("moto", "moto", Optional.empty());
    public static final String TABLE = "userlink";
    private static volatile URI endpoint;

    private MotoServer() {}

    /**
     * The running server's endpoint, started on first use.
     *
     * @throws org.opentest4j.TestAbortedException (skipping the test) when moto_server is not installed
     */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            endpoint = start();
        }
        return endpoint;
    }

    /**
     * Runs moto_server under a shell that ends with it and stops it when the shell's input, this JVM's pipe, closes,
     * which happens however the JVM ends: a shutdown hook alone does not run when the JVM is killed (as PIT ends a
     * minion that timed out), and the server would outlive it. The input is read by a watcher in the background (fd 3,
     * since a background list's own input is /dev/null); the shell waits for the server, so a server that cannot start
     * ends the shell with its status. The shutdown hook keeps the process referenced, so its input stays open for the
     * JVM's lifetime.
     */
    private static final String STOPPED_WITH_ITS_INPUT = "exec 3<&0; moto_server \"$@\" & server=$!;"
            + " trap 'kill $server 2>/dev/null' TERM INT;"
            + " (while read -r _; do :; done; kill $server 2>/dev/null) <&3 & wait $server";

    private static URI start() {
        int port = freePort();
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", STOPPED_WITH_ITS_INPUT, "moto_server",
                    "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noShell) {
            Assumptions.abort("cannot start moto_server: " + noShell.getMessage());
            throw new IllegalStateException(noShell);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        URI uri = URI.create("http://127.0.0.1:" + port);
        awaitReady(process, uri);
        createTable(uri, TABLE);
        return uri;
    }

    /**
     * Creates the template's table on the running server under a name of its own, and returns the name: moto's writes
     * slow down as a table fills (a transaction of 100 items took 8-10 s on a table the storage contract had filled,
     * under 1.5 s on a fresh one), so a contract that writes much keeps to tables of its own.
     */
    public static String newTable() {
        String table = TABLE + "-" + UUID.randomUUID();
        createTable(endpoint(), table);
        return table;
    }

    private static void createTable(URI uri, String table) {
        try (var client = TestAws.dynamoDb(uri, ANY_KEY, new CallRecorder())) {
            LocalDynamoDb.createTable(client, SamTemplate.read(TestAws.template()), table);
        }
    }

    private static void awaitReady(Process process, URI uri) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                Assumptions.abort("moto_server exited with " + process.exitValue()
                        + " (is moto[server] installed? pip install 'moto[server]')");
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri.resolve("/moto-api/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Thread.onSpinWait();
        }
        process.destroy();
        throw new IllegalStateException("moto_server did not answer on " + uri + " within 30 s");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
