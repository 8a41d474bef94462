package io.userlink.code;

import io.userlink.app.App;
import io.userlink.auth.SecretToken;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.id.RandomIds;
import io.userlink.identity.ActivationWatch;
import io.userlink.identity.CodeRedemption;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.InstallAccess;
import io.userlink.identity.UserAttachment;
import io.userlink.identity.UserAttachment.Attachment;
import io.userlink.identity.UserAttachment.Login;
import io.userlink.install.Install;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.refresh.RevocationReason;
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

    public static final String PREFIX = "ulc_";
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
     * @param familyId the refresh family of the user's login on the install; empty when the install is inactive
     */
    public record Redemption(User user, Install install, boolean created, Optional<String> familyId) {}

    private final IdentityStore store;
    private final RefreshFamilyStore families;
    private final UserAttachment attachment;
    private final InstallAccess access;
    private final ConflictRetry retry;
    private final RandomIds ids;
    private final InstantSource clock;

    public AuthCodeService(IdentityStore store, RefreshFamilyStore families, UserAttachment attachment,
                           InstallAccess access, ConflictRetry retry, RandomIds ids, InstantSource clock) {
        this.store = Objects.requireNonNull(store);
        this.families = Objects.requireNonNull(families);
        this.attachment = Objects.requireNonNull(attachment);
        this.access = Objects.requireNonNull(access);
        this.retry = Objects.requireNonNull(retry);
        this.ids = Objects.requireNonNull(ids);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Issues a single-use code for {@code externalId}, valid for the app's code lifetime. */
    public IssuedCode issue(App app, String externalId) {
        Instant now = clock.instant();
        SecretToken code = SecretToken.generate(PREFIX, ids.credentialId(), ids.random());
        Instant expiresAt = now.plus(app.settings().authCodeLifetime());
        store.createCode(new AuthCode(hash(code.value()), app.appId(), externalId, now, expiresAt, Optional.empty()));
        return new IssuedCode(code.value(), expiresAt, store.findUserIdByExternalId(app.appId(), externalId));
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
        if (SecretToken.parse(PREFIX, presentedCode).isEmpty()) {
            throw invalid();
        }
        String codeHash = hash(presentedCode);
        ActivationWatch watch = new ActivationWatch();
        return retry.run(() -> attempt(app, token, codeHash, watch));
    }

    private Redemption attempt(App app, AccessToken token, String codeHash, ActivationWatch watch) {
        Instant now = clock.instant();
        Install install = access.ownInstall(token, token.installId());
        InstallAccess.requireNotFinal(install);
        // TTL deletes lazily (up to days late): an expired code may still be stored, so expiry is checked here.
        AuthCode code = store.findCode(codeHash)
                .filter(found -> found.appId().equals(token.appId()))
                .filter(found -> !found.isExpiredAt(now))
                .orElseThrow(AuthCodeService::invalid);
        if (code.redemption().isPresent()) {
            return redeemedAlready(code.redemption().get(), install, now);
        }
        Optional<User> existing = store.findUserIdByExternalId(code.appId(), code.externalId()).flatMap(store::findUser)
                .filter(user -> !user.isDeleted());
        boolean activatedConcurrently = watch.activatedSinceFirstLook(existing);
        if (install.userId().isPresent() && !existing.map(User::userId).equals(install.userId())) {
            throw new UserlinkException(ErrorCode.INSTALL_LINKED_TO_OTHER_USER,
                    "This install is linked to another user; reset it first.");
        }
        User user = existing.orElseGet(() -> User.created(ids.userId(), code.appId(), code.externalId(), now));
        Attachment attached = attachment.attach(app, install, user, existing.isEmpty(), Login.CODE, activatedConcurrently, now);
        Optional<String> familyId = attached.newFamily().map(RefreshFamily::familyId);
        store.commit(attached.transition()
                .consumeCode(new CodeRedemption(codeHash, install.installId(), user.userId(), attached.created(), familyId, now))
                .build());
        return new Redemption(attached.user(), attached.install(), attached.created(), familyId);
    }

    /**
     * A code presented again. The redeeming install retrying within the window gets its original result; any
     * other use means the code leaked, so what the first redemption issued is revoked (RFC 6749 §4.1.2:
     * "If an authorization code is used more than once, the authorization server MUST deny the request and
     * SHOULD revoke (when possible) all tokens previously issued based on that authorization code").
     */
    private Redemption redeemedAlready(CodeRedemption first, Install install, Instant now) {
        boolean retryBySameInstall = first.installId().equals(install.installId())
                && now.isBefore(first.at().plus(RETRY_WINDOW));
        if (retryBySameInstall) {
            User user = store.findUser(first.userId()).filter(found -> !found.isDeleted()).orElseThrow(AuthCodeService::invalid);
            return new Redemption(user, install, first.created(), first.familyId());
        }
        first.familyId().ifPresent(family -> families.revoke(family, RevocationReason.CODE_REUSED));
        throw invalid();
    }

    private static String hash(String code) {
        return SecretToken.sha256Hex(code);
    }

    private static UserlinkException invalid() {
        return new UserlinkException(ErrorCode.INVALID_AUTHENTICATION_CODE,
                "The authentication code is invalid, expired or already used; ask your backend for a new one.");
    }
}
