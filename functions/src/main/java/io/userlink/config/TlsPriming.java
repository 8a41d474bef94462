package io.userlink.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * SnapStart TLS priming: before the snapshot, one HTTPS exchange through the functions' HTTP client class with a
 * server on {@code 127.0.0.1} in this process, under a certificate made for it and trusted by that one client. The
 * rehearsal answers in memory, so without this a function's first AWS call after a restore would run the JDK's TLS
 * handshake and HTTPS code for the first time: about 250 ms of a fresh JVM's first HTTPS request here, and 30-60 ms
 * once one handshake with another certificate has run (BENCHMARKS.md, "A TLS handshake"). Nothing leaves the
 * process; the server, its key and the client are garbage when this returns.
 */
public final class TlsPriming {

    private static final Duration LIFETIME = Duration.ofHours(1);
    /** Protects only an in-memory store that this method discards. */
    private static final char[] STORE_PASSWORD = "loopback".toCharArray();
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int WAIT_MILLIS = 10_000;

    private TlsPriming() {}

    /**
     * Makes the exchange; the status the loopback server answered (200).
     *
     * @throws IOException when the exchange fails, which the caller logs: a publish goes on unprimed
     */
    public static int prime() throws IOException {
        LoopbackCertificate loopback = LoopbackCertificate.create(Instant.now(), LIFETIME, new SecureRandom());
        InetAddress address = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket server = (SSLServerSocket) serverContext(loopback).getServerSocketFactory()
                .createServerSocket(0, 1, address);
             SdkHttpClient client = UrlConnectionHttpClient.builder()
                     .tlsTrustManagersProvider(() -> trusting(loopback).getTrustManagers()).build()) {
            server.setSoTimeout(WAIT_MILLIS);
            Thread answering = Thread.ofPlatform().daemon().name("tls-priming").start(() -> answerOne(server));
            SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                    .uri(URI.create("https://127.0.0.1:" + server.getLocalPort() + "/")).build();
            HttpExecuteResponse response = client.prepareRequest(HttpExecuteRequest.builder().request(request).build())
                    .call();
            if (response.responseBody().isPresent()) {
                try (InputStream body = response.responseBody().get()) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
            }
            answering.join(WAIT_MILLIS);
            return response.httpResponse().statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while priming TLS", e);
        }
    }

    private static SSLContext serverContext(LoopbackCertificate loopback) throws IOException {
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("loopback", loopback.keys().getPrivate(), STORE_PASSWORD,
                    new Certificate[] {loopback.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot serve the loopback certificate", e);
        }
    }

    private static TrustManagerFactory trusting(LoopbackCertificate loopback) {
        try {
            KeyStore store = emptyStore();
            store.setCertificateEntry("loopback", loopback.certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the loopback certificate", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }

    /** Reads one request's head (a GET has no body) and answers it; a failure shows in the client's call. */
    private static void answerOne(SSLServerSocket server) {
        try (var connection = server.accept()) {
            InputStream in = connection.getInputStream();
            int matched = 0;
            while (matched < END_OF_HEAD.length) {
                int next = in.read();
                if (next < 0) {
                    return;
                }
                matched = next == END_OF_HEAD[matched] ? matched + 1 : (next == END_OF_HEAD[0] ? 1 : 0);
            }
            OutputStream out = connection.getOutputStream();
            out.write(ANSWER);
            out.flush();
        } catch (IOException e) {
            // The client's call fails too, and reports it.
        }
    }
}
