package io.userlink.authcode;

import io.userlink.app.App;
import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvents;
import io.userlink.credential.SecretToken;
import io.userlink.credential.Sha256;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.id.RandomIds;
import io.userlink.identity.ActivationWatch;
import io.userlink.identity.CodeRedemption;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.InstallAccess;
import io.userlink.identity.UserAttachment;
import io.userlink.identity.UserAttachment.Attached;
import io.userlink.identity.UserAttachment.Login;
import io.userlink.identity.UserKey;
import io.userlink.install.Install;
import io.userlink.refresh.LoginTokens;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.refresh.RevocationReason;
import io.userlink.refresh.TokenPair;
import io.userlink.token.AccessToken;
import io.userlink.token.TokenScope;
import io.userlink.user.User;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Authentication codes: a customer backend asks for one for an external id; the SDK redeems it once, with its
 * install token, to create or restore that user on the install. Codes carry 184 random bits and only their
 * hash is stored. Invalid, expired, used and other apps' codes are refused alike.
 */
public final class AuthCodeService {

    /** A retry from the redeeming install within this window gets the original result back. */
    public static final Duration RETRY_WINDOW = Duration.ofSeconds(60);

    /**
     * A code just issued.
     *
     * @param userId the user the external id names now, for information: redemption decides
     */
    public record IssuedCode(String code, Instant expiresAt, Optional<String> userId) {
        @Override
        public String toString() {
            return "IssuedCode[expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * The outcome of a redemption.
     *
     * @param tokens the user's tokens on the install; empty when the install stayed inactive
     */
    public record Redemption(User user, Install install, boolean created, Optional<TokenPair> tokens) {}

    /** What a redemption resolved to, before tokens are issued for it. */
    private record Resolved(User user, Install install, boolean created, Optional<String> familyId) {}

    private final AuthCodeStore codes;
    private final IdentityStore identities;
    private final RefreshFamilyStore families;
    private final UserAttachment attachment;
    private final InstallAccess access;
    private final LoginTokens tokens;
    private final ConflictRetry retry;
    private final SecurityEvents events;
    private final RandomIds ids;
    private final InstantSource clock;

    public AuthCodeService(AuthCodeStore codes, IdentityStore identities, RefreshFamilyStore families,
                           UserAttachment attachment, InstallAccess access, LoginTokens tokens, ConflictRetry retry,
                           SecurityEvents events, RandomIds ids, InstantSource clock) {
        this.codes = Objects.requireNonNull(codes);
        this.identities = Objects.requireNonNull(identities);
        this.families = Objects.requireNonNull(families);
        this.attachment = Objects.requireNonNull(attachment);
        this.access = Objects.requireNonNull(access);
        this.tokens = Objects.requireNonNull(tokens);
        this.retry = Objects.requireNonNull(retry);
        this.events = Objects.requireNonNull(events);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Issues a single-use code for {@code externalId}, valid for the app's code lifetime. */
    public IssuedCode issue(App app, String externalId) {
        Instant now = clock.instant();
        SecretToken code = SecretToken.generate(SecretToken.AUTHENTICATION_CODE_PREFIX, ids.credentialId(), ids.random());
        Instant expiresAt = now.plus(app.settings().authCodeLifetime());
        codes.create(new AuthCode(Sha256.hex(code.value()), app.appId(), externalId, now, expiresAt, Optional.empty()));
        return new IssuedCode(code.value(), expiresAt, identities.findUserIdByExternalId(app.appId(), externalId));
    }

    /**
     * Redeems a code on the install of {@code token}.
     *
     * @throws UserlinkException {@code INVALID_AUTHENTICATION_CODE} for any code that cannot be redeemed
     *     here, now; {@code INSTALL_DEACTIVATED}, {@code INSTALL_DELETED}, {@code INSTALL_LINKED_TO_OTHER_USER}
     */
    public Redemption redeem(App app, AccessToken token, String presentedCode) {
        if (token.scope() != TokenScope.INSTALL) {
            throw new UserlinkException(ErrorCode.INSUFFICIENT_SCOPE,
                    "Redeeming an authentication code needs an install token; reset the install first.");
        }
        if (SecretToken.parse(SecretToken.AUTHENTICATION_CODE_PREFIX, presentedCode).isEmpty()) {
            throw refused(app, token);
        }
        String codeHash = Sha256.hex(presentedCode);
        ActivationWatch watch = new ActivationWatch();
        Resolved resolved = retry.run(() -> attempt(app, token, codeHash, watch));
        events.record(SecurityEvent.authenticationCodeRedeemed(app.appId(), resolved.user().userId(),
                resolved.install().installId(), resolved.created()));
        return new Redemption(resolved.user(), resolved.install(), resolved.created(), resolved.familyId()
                .map(family -> tokens.issue(app, resolved.install().installId(), Optional.of(resolved.user().userId()), family)));
    }

    private Resolved attempt(App app, AccessToken token, String codeHash, ActivationWatch watch) {
        Instant now = clock.instant();
        Install install = access.loginInstall(token);
        InstallAccess.requireNotFinal(install);
        // TTL deletes lazily (up to days late): an expired code may still be stored, so expiry is checked here.
        AuthCode code = codes.find(codeHash)
                .filter(found -> found.appId().equals(token.appId()))
                .filter(found -> !found.isExpiredAt(now))
                .orElseThrow(() -> refused(app, token));
        if (code.redemption().isPresent()) {
            return redeemedAlready(app, token, code.redemption().get(), install, now);
        }
        Attached attached = attachment.attach(app, install, new UserKey.ExternalId(code.externalId()), Login.CODE, watch, now,
                (outcome, transition) -> transition.consumeCode(new CodeRedemption(codeHash, install.installId(),
                        outcome.user().userId(), outcome.created(), familyId(outcome), now)));
        return new Resolved(attached.user(), attached.install(), attached.created(), familyId(attached));
    }

    private static Optional<String> familyId(Attached attached) {
        return attached.newFamily().map(RefreshFamily::familyId);
    }

    /**
     * A code presented again. The redeeming install retrying within the window, still linked to the user it
     * resolved to, gets its original result; any other use means the code leaked, so what the first redemption
     * issued is revoked (RFC 6749 §4.1.2:
     * "If an authorization code is used more than once, the authorization server MUST deny the request and
     * SHOULD revoke (when possible) all tokens previously issued based on that authorization code").
     */
    private Resolved redeemedAlready(App app, AccessToken token, CodeRedemption first, Install install, Instant now) {
        // The install must still be the user's: a retry after a reset gets no tokens for the detached user.
        boolean retryBySameInstall = first.installId().equals(install.installId())
                && install.userId().equals(Optional.of(first.userId()))
                && now.isBefore(first.at().plus(RETRY_WINDOW));
        if (retryBySameInstall) {
            // The install is not final, so its user is not deleted (deletion ends every install of the user).
            User user = identities.findUser(first.userId()).orElseThrow(AuthCodeService::invalid);
            return new Resolved(user, install, first.created(), first.familyId());
        }
        first.familyId().ifPresent(family -> families.revoke(family, RevocationReason.CODE_REUSED));
        events.record(SecurityEvent.authenticationCodeReused(app.appId(), first.userId(), first.installId(),
                first.familyId()));
        throw refused(app, token);
    }

    /** The refusal of a code, recorded as a failed login of the install that presented it. */
    private UserlinkException refused(App app, AccessToken token) {
        events.record(SecurityEvent.authenticationCodeRefused(app.appId(), token.installId()));
        return invalid();
    }

    private static UserlinkException invalid() {
        return new UserlinkException(ErrorCode.INVALID_AUTHENTICATION_CODE,
                "The authentication code is invalid, expired or already used; ask your backend for a new one.");
    }
}
