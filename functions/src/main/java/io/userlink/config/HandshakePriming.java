package io.userlink.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming of the JDK's TLS client: before the snapshot, {@value #HANDSHAKES} handshakes with the function's
 * own AWS endpoint, each on a new connection closed at once, about half of them full and half resuming the session
 * of the one before (a restored function's first handshake may be either, as the service accepts or refuses the
 * session its snapshot remembers).
 *
 * <p>A restored function's first request opens a new connection to each service it calls (the snapshot's connections are
 * dead), and the hooks' reads leave the handshake's code run once or twice, so interpreted: on this machine about 15
 * ms of the client's time a handshake, against 4-8 ms once some 40 have run and the JIT has compiled that code, which
 * the snapshot keeps (BENCHMARKS.md, "Handshake priming"). A handshake sends no request, so it needs no permission and
 * reads nothing. Over plain HTTP (the local runtime, the tests) there is nothing to prime.
 */
final class HandshakePriming implements Resource {

    /** Enough for the JIT to compile the handshake: measured at 10 and 40 (BENCHMARKS.md). */
    static final int HANDSHAKES = 40;
    private static final int DEFAULT_HTTPS_PORT = 443;
    private static final int TIMEOUT_MILLIS = 5_000;

    private final Supplier<URI> endpoint;
    private final Supplier<SSLSocketFactory> sockets;
    private final int handshakes;

    /** Primes with the JDK's default TLS context, as the functions' HTTP client builds its own. */
    HandshakePriming(Supplier<URI> endpoint) {
        this(endpoint, HandshakePriming::defaultSockets, HANDSHAKES);
    }

    HandshakePriming(Supplier<URI> endpoint, Supplier<SSLSocketFactory> sockets, int handshakes) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.sockets = Objects.requireNonNull(sockets);
        this.handshakes = handshakes;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo: the connections are closed and the sessions are the TLS context's to expire.
    }

    /**
     * Makes the handshakes; how many were made. Stops at the first that fails, without failing the publish: the hooks'
     * reads of the same endpoint succeeded, so a failure here is the network's, and costs only the first request's
     * speed.
     */
    int prime() {
        URI target = endpoint.get();
        if (!"https".equals(target.getScheme())) {
            return 0;
        }
        int port = target.getPort() < 0 ? DEFAULT_HTTPS_PORT : target.getPort();
        SSLSocketFactory factory = sockets.get();
        int made = 0;
        try {
            while (made < handshakes) {
                handshake(factory, target.getHost(), port, made % 2 == 0);
                made++;
            }
        } catch (IOException e) {
            System.err.println("WARN handshake priming stopped after " + made + " handshakes: " + e);
        }
        return made;
    }

    private static void handshake(SSLSocketFactory factory, String host, int port, boolean forgetSession)
            throws IOException {
        try (Socket connection = new Socket()) {
            connection.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            connection.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) factory.createSocket(connection, host, port, true)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                if (forgetSession) {
                    // So that the next handshake is a full one.
                    tls.getSession().invalidate();
                }
            }
        }
    }

    private static SSLSocketFactory defaultSockets() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}
