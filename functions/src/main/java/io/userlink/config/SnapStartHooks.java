package io.userlink.config;

import io.userlink.app.AppSettings;
import io.userlink.id.RandomIds;
import io.userlink.json.Json;
import io.userlink.password.Password;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart runtime hooks. Before the snapshot, prime the real code path of what this function uses (see
 * {@link Priming}) without writing anything and without creating random values; a call that fails (a
 * denied read is a deployment error) fails the publish, as it should. After a restore, give the id
 * generator a fresh random source, so environments restored from one snapshot never share its state.
 */
final class SnapStartHooks implements Resource {

    /** An id no app can have: priming reads its record and its credentials, and finds neither. */
    static final String PRIMING_APP_ID = "app-snapstartpriming";

    private final Components components;
    private final Set<Priming> primed;

    SnapStartHooks(Components components, Set<Priming> primed) {
        this.components = Objects.requireNonNull(components);
        this.primed = primed.isEmpty() ? EnumSet.noneOf(Priming.class) : EnumSet.copyOf(primed);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        if (primed.contains(Priming.TABLE)) {
            components.apps().find(PRIMING_APP_ID);
        }
        if (primed.contains(Priming.KEY_RING)) {
            components.keyRing().prime();
        }
        if (primed.contains(Priming.PUBLIC_KEYS)) {
            components.publicKeys().prime();
        }
        if (primed.contains(Priming.APP_CREDENTIALS)) {
            components.appCredentials().load(PRIMING_APP_ID);
        }
        if (primed.contains(Priming.PASSWORDS)) {
            Password password = Password.of("snapstart priming");
            components.passwordHasher().verifyWithoutAccount(password);
            AppSettings defaults = AppSettings.defaults();
            defaults.passwordPolicy().check(password, defaults.passwordMinLength(), "");
        }
        Json.write(Json.parseTrustedObject("{\"primed\": true}"));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        RandomIds ids = components.ids();
        ids.reseed(new SecureRandom());
    }
}
