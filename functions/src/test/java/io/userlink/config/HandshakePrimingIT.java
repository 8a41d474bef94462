package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.local.LoopbackTls;
import io.userlink.local.TemporaryDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HandshakePrimingIT {

    private static TemporaryDirectory files;
    private static SSLServerSocket server;
    private static SSLSocketFactory trusting;
    private static final AtomicInteger HANDSHAKES = new AtomicInteger();
    /** Released once the server's side of a handshake is done, which may come after the client's side returns. */
    private static final Semaphore SERVED = new Semaphore(0);

    @BeforeAll
    static void serveTls() throws Exception {
        files = TemporaryDirectory.create("userlink-handshake-priming");
        LoopbackTls tls = LoopbackTls.create(files.path());
        server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(HandshakePrimingIT::handshakeWithEach);
        trusting = tls.clientContext().getSocketFactory();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        files.close();
    }

    private static void handshakeWithEach() {
        while (!server.isClosed()) {
            try (SSLSocket accepted = (SSLSocket) server.accept()) {
                accepted.startHandshake();
                HANDSHAKES.incrementAndGet();
                SERVED.release();
            } catch (IOException e) {
                // A client that went away, or the server closing.
            }
        }
    }

    @Test
    void primeWhenTheEndpointIsHttpsThenMakesEveryHandshakeOnItsOwnConnection() throws InterruptedException {
        HANDSHAKES.set(0);
        SERVED.drainPermits();
        HandshakePriming priming = new HandshakePriming(this::endpoint, () -> trusting, 6);

        assertEquals(6, priming.prime());
        assertTrue(SERVED.tryAcquire(6, 5, TimeUnit.SECONDS), "the server's side of every handshake");
        assertEquals(6, HANDSHAKES.get(), "one handshake a connection");
    }

    @Test
    void primeWhenTheEndpointIsPlainHttpThenConnectsNowhere() {
        HANDSHAKES.set(0);
        URI http = URI.create("http://127.0.0.1:" + server.getLocalPort());

        assertEquals(0, new HandshakePriming(() -> http, () -> trusting, 6).prime());
        assertEquals(0, HANDSHAKES.get());
    }

    @Test
    void primeWhenTheServerIsNotTrustedThenStopsWithoutFailingThePublish() {
        SSLSocketFactory jdkAuthoritiesOnly = (SSLSocketFactory) SSLSocketFactory.getDefault();

        assertEquals(0, new HandshakePriming(this::endpoint, () -> jdkAuthoritiesOnly, 6).prime());
    }

    @Test
    void primeWhenNothingListensThenStopsWithoutFailingThePublish() throws IOException {
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = unused.getLocalPort();
        }
        URI nowhere = URI.create("https://127.0.0.1:" + closedPort);

        assertEquals(0, new HandshakePriming(() -> nowhere, () -> trusting, 6).prime());
    }

    private URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }
}
