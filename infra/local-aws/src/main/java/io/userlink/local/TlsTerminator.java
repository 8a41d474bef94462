package io.userlink.local;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import javax.net.ssl.SSLServerSocket;

/**
 * HTTPS in front of a plain HTTP server on loopback, as a load balancer terminates TLS in front of a service: each
 * TLS connection it accepts is joined, byte for byte, to a new connection to the HTTP server. Both sockets send at
 * once ({@code TCP_NODELAY}): the JDK's own {@code HttpsServer} writes a handshake in small pieces that Nagle's
 * algorithm holds for the peer's delayed acknowledgement, 40 ms at a time, which no AWS endpoint adds.
 */
final class TlsTerminator implements AutoCloseable {

    private final SSLServerSocket server;
    private final InetSocketAddress backend;

    private TlsTerminator(SSLServerSocket server, InetSocketAddress backend) {
        this.server = server;
        this.backend = backend;
    }

    /** Accepts TLS connections on a free loopback port, for the HTTP server at {@code backend}. */
    static TlsTerminator start(LoopbackTls tls, InetSocketAddress backend) throws IOException {
        SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 128, InetAddress.getLoopbackAddress());
        TlsTerminator terminator = new TlsTerminator(server, backend);
        Thread.ofVirtual().name("tls-terminator").start(terminator::acceptAll);
        return terminator;
    }

    URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> join(client));
            } catch (IOException e) {
                // Closed: the account is closing.
            }
        }
    }

    /** Joins one client to a new backend connection until either end closes. */
    private void join(Socket client) {
        try (client; Socket plain = new Socket()) {
            client.setTcpNoDelay(true);
            plain.setTcpNoDelay(true);
            plain.connect(backend);
            Thread upstream = Thread.ofVirtual().start(() -> copy(client, plain));
            copy(plain, client);
            upstream.join();
        } catch (IOException e) {
            // A client that goes away mid-connection, as clients do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until {@code from} ends, then closes {@code to}, which ends the other direction too. */
    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // The connection ended.
        } finally {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing anyway: nothing more to do with it.
        }
    }

    /** Stops accepting; connections already joined end when their client or the gateway closes them. */
    @Override
    public void close() {
        closeQuietly(server);
    }
}
