package io.userlink.support;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.SecretKeyFactorySpi;
import javax.crypto.spec.PBEKeySpec;

/**
 * Watches the password hasher's key derivations through the JDK's provider mechanism: installed first among the
 * security providers, it answers {@code PBKDF2WithHmacSHA256} by noting each derivation's iteration count and
 * handing the work to the JDK's own provider. With it a test pins what no answer shows: that an unknown address
 * costs the hash a wrong password costs, that a refusal came before any hash was paid for, and what happens while a
 * hash runs. Close it (try-with-resources) to remove it again.
 */
public final class PasswordDerivations implements AutoCloseable {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String JDK_PROVIDER = "SunJCE";

    private final List<Integer> iterations = new ArrayList<>();
    private final List<Runnable> duringNext = new ArrayList<>();
    private final Provider provider = new WatchingProvider();

    private PasswordDerivations() {
        if (Security.insertProviderAt(provider, 1) != 1) {
            throw new IllegalStateException("another " + provider.getName() + " is installed: close it first");
        }
    }

    /** Starts watching every derivation in this JVM. */
    public static PasswordDerivations watch() {
        return new PasswordDerivations();
    }

    /** The iteration count of each derivation since {@link #watch}, in order. */
    public synchronized List<Integer> iterations() {
        return List.copyOf(iterations);
    }

    /** Runs {@code action} inside the next derivation, before its work: as if it happened while a hash ran. */
    public synchronized void duringNext(Runnable action) {
        duringNext.add(action);
    }

    @Override
    public void close() {
        Security.removeProvider(provider.getName());
    }

    private void derived(KeySpec spec) {
        List<Runnable> actions;
        synchronized (this) {
            iterations.add(spec instanceof PBEKeySpec pbe ? pbe.getIterationCount() : -1);
            actions = List.copyOf(duringNext);
            duringNext.clear();
        }
        actions.forEach(Runnable::run);
    }

    private final class WatchingProvider extends Provider {

        WatchingProvider() {
            super("UserlinkTestPasswordDerivations", "1", "notes PBKDF2 derivations for tests, then runs the JDK's");
            putService(new Service(this, "SecretKeyFactory", ALGORITHM, WatchingFactory.class.getName(), List.of(),
                    Map.of()) {
                @Override
                public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                    try {
                        return new WatchingFactory(SecretKeyFactory.getInstance(ALGORITHM, JDK_PROVIDER));
                    } catch (NoSuchProviderException e) {
                        throw new NoSuchAlgorithmException(JDK_PROVIDER + " is part of every JDK", e);
                    }
                }
            });
        }
    }

    private final class WatchingFactory extends SecretKeyFactorySpi {

        private final SecretKeyFactory jdk;

        WatchingFactory(SecretKeyFactory jdk) {
            this.jdk = jdk;
        }

        @Override
        protected SecretKey engineGenerateSecret(KeySpec keySpec) throws InvalidKeySpecException {
            derived(keySpec);
            return jdk.generateSecret(keySpec);
        }

        @Override
        protected KeySpec engineGetKeySpec(SecretKey key, Class<?> keySpec) throws InvalidKeySpecException {
            return jdk.getKeySpec(key, keySpec);
        }

        @Override
        protected SecretKey engineTranslateKey(SecretKey key) throws InvalidKeyException {
            return jdk.translateKey(key);
        }
    }
}
