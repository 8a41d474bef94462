package io.userlink.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the local stand-ins need to speak HTTPS on 127.0.0.1, as AWS's endpoints speak only HTTPS: a key and a
 * certificate for 127.0.0.1 (made by the JDK's {@code keytool}, since the JDK has no public API that makes a
 * certificate), and a trust store for the client JVMs that holds the JDK's own authorities plus that certificate, so
 * a client loads and searches the whole default trust store as it does on Lambda, and verifies the stand-ins'
 * certificate and host name as it verifies AWS's.
 *
 * @param serverContext the server's TLS context, holding the key
 * @param trustStore a PKCS12 file: the JDK's {@code cacerts} and the stand-ins' certificate; public certificates only
 */
public record LoopbackTls(SSLContext serverContext, Path trustStore) {

    /**
     * The trust store's password: PKCS12 asks for one, the JDK's own {@code cacerts} has this one, and a store of
     * public certificates has nothing to hide.
     */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private static final String ALIAS = "userlink-local-aws";
    private static final int KEYTOOL_SECONDS = 60;
    private static final String PASSWORD_VARIABLE = "USERLINK_KEYTOOL_PASSWORD";

    /**
     * The JVM flags that make a client JVM trust the certificates of {@code trustStore}, made by {@link #create}: the
     * stand-ins' and every authority the JDK trusts.
     */
    public static List<String> clientFlags(Path trustStore) {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + TRUST_STORE_PASSWORD);
    }

    /**
     * A client's TLS context that trusts what {@link #trustStore} holds, for a client in this JVM (one in another JVM
     * takes {@link #clientFlags(Path)}).
     */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, TRUST_STORE_PASSWORD.toCharArray()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the local stand-ins' trust store: " + e.getMessage(), e);
        }
    }

    /**
     * Makes a P-256 key and a certificate for 127.0.0.1, valid two days, and the trust store, in {@code directory}
     * (which should be deleted after: the key store holds the private key).
     *
     * @throws IllegalStateException when {@code keytool} is missing or fails (a JRE without the JDK's tools)
     */
    public static LoopbackTls create(Path directory) {
        try {
            char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
            Path keyStoreFile = directory.resolve("local-aws-key.p12");
            keytool(directory, password, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keyStoreFile.toString());
            KeyStore keyStore = load(keyStoreFile, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);

            KeyStore trust = load(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"),
                    TRUST_STORE_PASSWORD.toCharArray());
            trust.setCertificateEntry(ALIAS, (X509Certificate) keyStore.getCertificate(ALIAS));
            Path trustStoreFile = directory.resolve("local-aws-trust.p12");
            try (OutputStream out = Files.newOutputStream(trustStoreFile)) {
                trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            return new LoopbackTls(context, trustStoreFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the local stand-ins' TLS key: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    /**
     * Runs the JDK's keytool with the store's password in its environment, never on its command line, and its output
     * in a file of {@code directory}, so that waiting for it is bounded.
     */
    private static void keytool(Path directory, char[] storePassword, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        Collections.addAll(command, arguments);
        Collections.addAll(command, "-storepass:env", PASSWORD_VARIABLE);
        Path output = directory.resolve("keytool.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put(PASSWORD_VARIABLE, new String(storePassword));
        Process process = builder.start();
        try {
            if (!process.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                throw new IllegalStateException("keytool failed: " + Files.readString(output).strip());
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
    }
}
