package io.userlink.refresh;

import io.userlink.id.RandomIds;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/** Refresh token families: starting them at login. */
public final class RefreshService {

    /** A family dies this long after its login, however it is used (RFC 9700 §4.14.2). */
    public static final Duration ABSOLUTE_LIFETIME = Duration.ofDays(365);

    private final RefreshTokens tokens;
    private final RandomIds ids;
    private final InstantSource clock;

    public RefreshService(RefreshTokens tokens, RandomIds ids, InstantSource clock) {
        this.tokens = Objects.requireNonNull(tokens);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * A new family for a login of an install, anonymous or bound to a user; the caller stores it. Its first
     * token is {@code RefreshTokens.token(familyId, 0)}.
     */
    public RefreshFamily start(String appId, String installId, Optional<String> userId) {
        Instant now = clock.instant();
        String familyId = ids.familyId();
        String token = tokens.token(familyId, 0);
        return new RefreshFamily(familyId, appId, installId, userId, 0,
                RefreshTokens.hash(token), Optional.empty(), now, now, now, now.plus(ABSOLUTE_LIFETIME), false);
    }
}
