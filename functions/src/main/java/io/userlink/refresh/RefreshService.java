package io.userlink.refresh;

import io.userlink.app.App;
import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvents;
import io.userlink.error.ErrorCode;
import io.userlink.error.GrantException;
import io.userlink.id.RandomIds;
import io.userlink.refresh.RefreshTokens.Presented;
import io.userlink.token.AccessTokenIssuer;
import io.userlink.token.IssuedAccessToken;
import io.userlink.token.TokenScope;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Refresh token families: started at each login, rotated at each refresh with reuse detection
 * (RFC 9700 §4.14.2). A refresh presents the family's current token and gets its successor; the immediately
 * previous token is accepted for {@link #GRACE} after a rotation (a client that lost the response retries) and
 * gets the same successor; anything older, or the previous one later, revokes the family.
 */
public final class RefreshService {

    /** How long after a rotation the token it replaced still gets the successor. */
    public static final Duration GRACE = Duration.ofSeconds(30);

    /**
     * A refresh's answer.
     *
     * @param scope the scope of the access token: {@code user} once the family's install is linked
     */
    public record Refreshed(TokenPair tokens, TokenScope scope) {}

    private final RefreshTokens tokens;
    private final RefreshFamilyStore families;
    private final AccessTokenIssuer accessTokens;
    private final SecurityEvents events;
    private final RandomIds ids;
    private final InstantSource clock;

    public RefreshService(RefreshTokens tokens, RefreshFamilyStore families, AccessTokenIssuer accessTokens,
                          SecurityEvents events, RandomIds ids, InstantSource clock) {
        this.tokens = Objects.requireNonNull(tokens);
        this.families = Objects.requireNonNull(families);
        this.accessTokens = Objects.requireNonNull(accessTokens);
        this.events = Objects.requireNonNull(events);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * A new family for a login of an install, anonymous or bound to a user, with the app's lifetimes; the caller
     * stores it. Its first token is {@code RefreshTokens.token(familyId, 0)}.
     */
    public RefreshFamily start(App app, String installId, Optional<String> userId) {
        Instant now = clock.instant();
        String familyId = ids.familyId();
        String token = tokens.token(familyId, 0);
        return new RefreshFamily(familyId, app.appId(), installId, userId, 0, RefreshTokens.hash(token), Optional.empty(),
                now, now, now, now.plus(app.settings().refreshAbsoluteLifetime()), app.settings().refreshIdleLifetime(),
                app.settings().accessTokenLifetime(), Optional.empty());
    }

    /**
     * Redeems a refresh token for the family's next refresh token and a fresh access token: a user token once
     * the family is bound to a user, with the access token lifetime of the family's login.
     *
     * @throws GrantException {@code INVALID_GRANT} for a token that is not ours, unknown, spent, expired or revoked;
     *     {@code INSTALL_DEACTIVATED} when a newer install of the user took over
     */
    public Refreshed refresh(String presentedToken) {
        Rotation rotation = rotate(presentedToken);
        RefreshFamily family = rotation.family();
        TokenScope scope = TokenScope.of(family.userId());
        IssuedAccessToken access = accessTokens.issue(family.appId(), family.userId().orElse(family.installId()),
                family.installId(), family.familyId(), scope, family.accessTokenLifetime());
        return new Refreshed(new TokenPair(access, rotation.refreshToken()), scope);
    }

    /**
     * The rotation a presented token earns. Its MAC proved it is the token we derive for its family and generation,
     * so the generation alone tells which token it is; the stored hashes guard the rotation's conditional write.
     * A rotation lost to a concurrent refresh of the same token is read again once: the token is then the
     * previous one, and gets the same successor.
     */
    private Rotation rotate(String presentedToken) {
        Presented presented = tokens.authenticate(presentedToken).orElseThrow(GrantException::invalidGrant);
        return attempt(presented).or(() -> attempt(presented)).orElseThrow(GrantException::invalidGrant);
    }

    /** The rotation, or empty when a concurrent rotation of the same token won the write. */
    private Optional<Rotation> attempt(Presented presented) {
        Instant now = clock.instant();
        RefreshFamily family = families.find(presented.familyId()).orElseThrow(GrantException::invalidGrant);
        requireAlive(family, now);
        long current = family.generation();
        int order = Long.compare(presented.generation(), current);
        if (order > 0) {
            // Never issued by this family as stored: refused, but it proves no theft, so nothing is revoked.
            throw GrantException.invalidGrant();
        }
        if (order == 0) {
            String next = tokens.token(family.familyId(), current + 1);
            RefreshFamily rotated = family.rotated(RefreshTokens.hash(next), now);
            return families.rotate(rotated, family.currentHash()) ? Optional.of(new Rotation(rotated, next)) : Optional.empty();
        }
        if (presented.generation() == current - 1 && now.isBefore(family.rotatedAt().plus(GRACE))) {
            return Optional.of(new Rotation(family, tokens.token(family.familyId(), current)));
        }
        families.revoke(family.familyId(), RevocationReason.REUSE_DETECTED);
        events.record(SecurityEvent.refreshTokenReused(family.appId(), family.userId(), family.installId(),
                family.familyId()));
        throw GrantException.invalidGrant();
    }

    private void requireAlive(RefreshFamily family, Instant now) {
        Optional<String> ended = family.revocation()
                .map(reason -> reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .or(() -> now.isBefore(family.expiresAt()) ? Optional.empty() : Optional.of("expired"));
        if (ended.isEmpty()) {
            return;
        }
        events.record(SecurityEvent.sessionUsedAfterItsEnd(family.appId(), family.userId(), family.installId(),
                family.familyId(), ended.get()));
        if (family.revocation().filter(RevocationReason.INSTALL_DEACTIVATED::equals).isPresent()) {
            throw new GrantException(ErrorCode.INSTALL_DEACTIVATED, "invalid_grant",
                    "This install was deactivated because a newer install of its user became active; register a new install.");
        }
        throw GrantException.invalidGrant();
    }
}
