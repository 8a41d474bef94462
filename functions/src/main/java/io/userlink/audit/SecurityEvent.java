package io.userlink.audit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Something a security team reads the logs for (OWASP ASVS 5.0 V16.3): how a password check or a code's redemption
 * ended, a password set, a spent token presented again, a sign-out, a valid credential refused what it asked. Named as
 * the OWASP Logging Vocabulary names it, and made of ids and fixed words only, never an address, a password, a token
 * or anything a caller typed, so it may be logged as it is (V16.2.5, V16.4.1). README, "Security events", lists them.
 *
 * @param details fixed words and counts that qualify the event (why a login failed, which operation asked for the
 *     password), by name
 */
public record SecurityEvent(Kind kind, String appId, Optional<String> userId, Optional<String> installId,
                            Map<String, String> details) {

    public SecurityEvent {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(appId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(installId);
        details = Map.copyOf(details);
    }

    /** The events, by their name in the OWASP Logging Vocabulary. */
    public enum Kind {
        LOGIN_SUCCESS("authn_login_success"),
        LOGIN_SUCCESS_AFTER_FAIL("authn_login_successafterfail"),
        LOGIN_FAIL("authn_login_fail"),
        LOGIN_FAIL_MAX("authn_login_fail_max"),
        LOGIN_LOCK("authn_login_lock"),
        PASSWORD_CHANGE("authn_password_change"),
        PASSWORD_CHANGE_FAIL("authn_password_change_fail"),
        TOKEN_REUSE("authn_token_reuse"),
        SESSION_EXPIRED("session_expired"),
        SESSION_USE_AFTER_EXPIRE("session_use_after_expire"),
        USER_UPDATED("user_updated"),
        USER_DELETED("user_deleted"),
        AUTHZ_FAIL("authz_fail");

        private final String vocabularyName;

        Kind(String vocabularyName) {
            this.vocabularyName = vocabularyName;
        }
    }

    /** What asked for an account's password: signing in, or an operation that asks for it again. */
    public enum PasswordCheck {
        SIGN_IN("sign-in"),
        PASSWORD_CHANGE("password-change"),
        EMAIL_CHANGE("email-change"),
        ACCOUNT_DELETION("account-deletion");

        private final String word;

        PasswordCheck(String word) {
            this.word = word;
        }
    }

    /** Why a password check failed. */
    public enum LoginFailure {
        /** No account has the address (or it is no address): the caller cannot tell this from a wrong password. */
        UNKNOWN_ACCOUNT("unknown-account"),
        WRONG_PASSWORD("wrong-password"),
        /** The address is locked after failed attempts (LoginGuard): nothing was checked. */
        LOCKED("locked"),
        /** The password was right, but the account waits for its activation link. */
        NOT_ACTIVATED("not-activated");

        private final String word;

        LoginFailure(String word) {
            this.word = word;
        }
    }

    /** How a password was set. */
    public enum PasswordSetting {
        CHANGE("change"),
        RESET("reset"),
        /** With the link back a move's notice carried: the account also went back to its old address. */
        LINK_BACK("link-back");

        private final String word;

        PasswordSetting(String word) {
            this.word = word;
        }
    }

    /** The password was right; {@code priorFailures} consecutive failures came before it. */
    public static SecurityEvent loginSucceeded(String appId, String userId, String installId, PasswordCheck check,
                                               int priorFailures) {
        return priorFailures > 0
                ? new SecurityEvent(Kind.LOGIN_SUCCESS_AFTER_FAIL, appId, Optional.of(userId), Optional.of(installId),
                        Map.of("operation", check.word, "retries", Integer.toString(priorFailures)))
                : new SecurityEvent(Kind.LOGIN_SUCCESS, appId, Optional.of(userId), Optional.of(installId),
                        Map.of("operation", check.word));
    }

    /**
     * A password check failed; a wrong current password for a password change is {@link Kind#PASSWORD_CHANGE_FAIL},
     * as the vocabulary has it.
     *
     * @param userId the account's user, when the address has one
     */
    public static SecurityEvent loginFailed(String appId, Optional<String> userId, String installId, PasswordCheck check,
                                            LoginFailure failure) {
        Kind kind = check == PasswordCheck.PASSWORD_CHANGE ? Kind.PASSWORD_CHANGE_FAIL : Kind.LOGIN_FAIL;
        return new SecurityEvent(kind, appId, userId, Optional.of(installId),
                Map.of("operation", check.word, "reason", failure.word));
    }

    /** The failed attempts on one address reached {@code limit}, from which each further attempt waits. */
    public static SecurityEvent loginFailuresReached(String appId, Optional<String> userId, String installId, int limit) {
        return new SecurityEvent(Kind.LOGIN_FAIL_MAX, appId, userId, Optional.of(installId),
                Map.of("limit", Integer.toString(limit)));
    }

    /** The address is locked until its password is reset, after too many failed attempts. */
    public static SecurityEvent loginLocked(String appId, Optional<String> userId, String installId) {
        return new SecurityEvent(Kind.LOGIN_LOCK, appId, userId, Optional.of(installId), Map.of("reason", "maxretries"));
    }

    /** An install logged in to a user with an authentication code ({@code created}: a new user). */
    public static SecurityEvent authenticationCodeRedeemed(String appId, String userId, String installId, boolean created) {
        return new SecurityEvent(Kind.LOGIN_SUCCESS, appId, Optional.of(userId), Optional.of(installId),
                Map.of("operation", "authentication-code", "user_created", Boolean.toString(created)));
    }

    /** An authentication code that is no code of this app's, expired or spent (the one answer all of them get). */
    public static SecurityEvent authenticationCodeRefused(String appId, String installId) {
        return new SecurityEvent(Kind.LOGIN_FAIL, appId, Optional.empty(), Optional.of(installId),
                Map.of("operation", "authentication-code", "reason", "invalid-code"));
    }

    /** A new password was set; a reset link says nothing of the install it was opened on. */
    public static SecurityEvent passwordSet(String appId, String userId, Optional<String> installId, PasswordSetting how) {
        return new SecurityEvent(Kind.PASSWORD_CHANGE, appId, Optional.of(userId), installId, Map.of("via", how.word));
    }

    /**
     * A link that sets a password (a reset link, a link back) refused: not one of this app's, expired, replaced or spent
     * (the one answer all of them get). A mailed link names no install.
     */
    public static SecurityEvent passwordResetLinkRefused(String appId) {
        return new SecurityEvent(Kind.LOGIN_FAIL, appId, Optional.empty(), Optional.empty(),
                Map.of("operation", "password-reset", "reason", "invalid-link"));
    }

    /**
     * A refresh token older than the grace window allows was presented, and its whole family revoked (RFC 9700
     * §4.14.2): whoever holds either copy must sign in again.
     *
     * @param sessionId the family, the access tokens' {@code sid}: an id, not a credential
     */
    public static SecurityEvent refreshTokenReused(String appId, Optional<String> userId, String installId,
                                                   String sessionId) {
        return new SecurityEvent(Kind.TOKEN_REUSE, appId, userId, Optional.of(installId),
                Map.of("token", "refresh", "session", sessionId));
    }

    /**
     * An authentication code was presented again, not as the redeeming install's retry: it leaked, and what its first
     * redemption issued is revoked (RFC 6749 §4.1.2).
     *
     * @param installId the install of the first redemption, whose session ends
     * @param sessionId that session, when the first redemption began one (not for an install left inactive)
     */
    public static SecurityEvent authenticationCodeReused(String appId, String userId, String installId,
                                                         Optional<String> sessionId) {
        Map<String, String> details = sessionId.map(session -> Map.of("token", "authentication-code", "session", session))
                .orElse(Map.of("token", "authentication-code"));
        return new SecurityEvent(Kind.TOKEN_REUSE, appId, Optional.of(userId), Optional.of(installId), details);
    }

    /**
     * A refresh token of a session that ended was presented: revoked ({@code reason} says why, in words of the
     * revocation's kind) or past its idle or absolute lifetime ({@code expired}).
     */
    public static SecurityEvent sessionUsedAfterItsEnd(String appId, Optional<String> userId, String installId,
                                                       String sessionId, String reason) {
        return new SecurityEvent(Kind.SESSION_USE_AFTER_EXPIRE, appId, userId, Optional.of(installId),
                Map.of("session", sessionId, "reason", reason));
    }

    /**
     * The user of {@code sessionId} signed out of it, and with {@code everywhere} out of every session it had.
     */
    public static SecurityEvent signedOut(String appId, String userId, String installId, String sessionId,
                                          boolean everywhere) {
        return new SecurityEvent(Kind.SESSION_EXPIRED, appId, Optional.of(userId), Optional.of(installId),
                Map.of("session", sessionId, "reason", everywhere ? "logout-everywhere" : "logout"));
    }

    /** An account moved to the address a change-of-address link was mailed to, when the link was opened. */
    public static SecurityEvent addressChangedByLink(String appId, String userId) {
        return new SecurityEvent(Kind.USER_UPDATED, appId, Optional.of(userId), Optional.empty(),
                Map.of("field", "email", "via", "link"));
    }

    /** A user deleted its own account from the app, on the install of its session. */
    public static SecurityEvent accountDeletedByItsUser(String appId, String userId, String installId) {
        return new SecurityEvent(Kind.USER_DELETED, appId, Optional.of(userId), Optional.of(installId),
                Map.of("by", "self"));
    }

    /** A valid API key was refused for a route that needs a scope it lacks. */
    public static SecurityEvent apiKeyLacksScope(String appId, String keyId, String scope) {
        return new SecurityEvent(Kind.AUTHZ_FAIL, appId, Optional.empty(), Optional.empty(),
                Map.of("api_key", keyId, "scope", scope, "reason", "missing-scope"));
    }

    /** An API key of one app named an install of another (the legacy link's 403). */
    public static SecurityEvent installOfAnotherApp(String appId, String installId) {
        return new SecurityEvent(Kind.AUTHZ_FAIL, appId, Optional.empty(), Optional.of(installId),
                Map.of("reason", "install-of-another-app"));
    }

    /**
     * A valid access token was presented for an install other than its own (answered as not found); the install it
     * named, which the caller chose, is not logged.
     *
     * @param userId the token's user, for a user token
     */
    public static SecurityEvent tokenOfAnotherInstall(String appId, Optional<String> userId, String installId) {
        return new SecurityEvent(Kind.AUTHZ_FAIL, appId, userId, Optional.of(installId),
                Map.of("reason", "other-install"));
    }

    /**
     * The event as one line: its name, then {@code name=value} pairs (the ids, then the details by name), none of
     * which holds a space.
     */
    public String line() {
        StringBuilder line = new StringBuilder(kind.vocabularyName).append(" app=").append(appId);
        userId.ifPresent(user -> line.append(" user=").append(user));
        installId.ifPresent(install -> line.append(" install=").append(install));
        new TreeMap<>(details).forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        return line.toString();
    }
}
