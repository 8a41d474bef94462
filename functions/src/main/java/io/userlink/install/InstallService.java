package io.userlink.install;

import io.userlink.app.App;
import io.userlink.id.RandomIds;
import io.userlink.refresh.LoginTokens;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RefreshService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/** Registers installs: the anonymous first step of every SDK. */
public final class InstallService {

    /** A never-linked install is deleted (DynamoDB TTL) after this long. */
    public static final Duration UNLINKED_INSTALL_LIFETIME = Duration.ofDays(30);

    private final InstallStore installs;
    private final RefreshService refresh;
    private final LoginTokens tokens;
    private final RandomIds ids;
    private final InstantSource clock;

    public InstallService(InstallStore installs, RefreshService refresh, LoginTokens tokens,
                          RandomIds ids, InstantSource clock) {
        this.installs = Objects.requireNonNull(installs);
        this.refresh = Objects.requireNonNull(refresh);
        this.tokens = Objects.requireNonNull(tokens);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Registers a new install of {@code app}: stores it with its first refresh family, and returns an
     * install-scoped token pair.
     */
    public AnonymousInstall register(App app, Registration registration) {
        Instant now = clock.instant();
        String installId = ids.installId();
        RefreshFamily family = refresh.start(app, installId, Optional.empty());
        Install install = Install.registered(installId, app.appId(), registration, now,
                now.plus(UNLINKED_INSTALL_LIFETIME), family.familyId());
        installs.create(install, family);
        return new AnonymousInstall(install, tokens.issue(app, installId, Optional.empty(), family.familyId()));
    }
}
