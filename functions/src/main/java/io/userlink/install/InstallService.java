package io.userlink.install;

import io.userlink.app.App;
import io.userlink.id.RandomIds;
import io.userlink.refresh.NewRefreshFamily;
import io.userlink.refresh.RefreshService;
import io.userlink.token.AccessTokenIssuer;
import io.userlink.token.TokenScope;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/** Registers installs: the anonymous first step of every SDK. */
public final class InstallService {

    /** A never-linked install is deleted (DynamoDB TTL) after this long. */
    public static final Duration UNLINKED_INSTALL_LIFETIME = Duration.ofDays(30);

    private final InstallStore installs;
    private final RefreshService refresh;
    private final AccessTokenIssuer accessTokens;
    private final RandomIds ids;
    private final InstantSource clock;

    public InstallService(InstallStore installs, RefreshService refresh, AccessTokenIssuer accessTokens,
                          RandomIds ids, InstantSource clock) {
        this.installs = Objects.requireNonNull(installs);
        this.refresh = Objects.requireNonNull(refresh);
        this.accessTokens = Objects.requireNonNull(accessTokens);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Registers a new install of {@code app}: stores it with its first refresh family, and returns an
     * install-scoped token pair.
     */
    public RegisteredInstall register(App app, Registration registration) {
        Instant now = clock.instant();
        Install install = new Install(ids.installId(), app.appId(), registration.platform(),
                registration.deviceClass(), registration.sdkVersion(), registration.deviceModel(),
                now, now.plus(UNLINKED_INSTALL_LIFETIME));
        NewRefreshFamily family = refresh.start(app.appId(), install.installId());
        installs.create(install, family.family());
        return new RegisteredInstall(install,
                accessTokens.issue(app.appId(), install.installId(), install.installId(), TokenScope.INSTALL,
                        app.settings().accessTokenLifetime()),
                family.token());
    }
}
