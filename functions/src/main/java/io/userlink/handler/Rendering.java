package io.userlink.handler;

import io.userlink.account.AccountService.LoggedIn;
import io.userlink.app.App;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.json.Json;
import io.userlink.refresh.TokenPair;
import io.userlink.user.Account;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** JSON shapes several routes share. */
final class Rendering {

    private Rendering() {}

    /** Adds {@code access_token}, {@code refresh_token}, {@code token_type}, {@code expires_in}. */
    static void tokenPair(Map<String, Object> body, TokenPair tokens) {
        body.put("access_token", tokens.accessToken().value());
        body.put("refresh_token", tokens.refreshToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.accessToken().expiresIn().toSeconds());
    }

    /** Whether an install is its user's active one, and if not, why, as the API writes it. */
    static void activity(Map<String, Object> body, Install install) {
        body.put("active", install.state() == InstallState.ACTIVE);
        body.put("inactive_reason", install.inactiveReason().map(Enum::name).orElse(null));
    }

    /**
     * The answer to a login with an account (registration, sign-in): the user, whether the install is active,
     * its tokens when it is, the account and the app's SDK configuration.
     */
    static Map<String, Object> login(App app, LoggedIn login) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", login.user().userId());
        activity(body, login.install());
        login.tokens().ifPresent(tokens -> tokenPair(body, tokens));
        body.put("account", account(login.account()));
        body.put("sdk_config", Json.parseTrustedObject(app.settings().sdkConfig()));
        return body;
    }

    /**
     * The answer to a request that mails an address (or would, had it an account): the same bytes for every
     * address, so nothing tells a known address from an unknown one.
     */
    static Map<String, Object> mailed() {
        return Map.of("status", "accepted");
    }

    /** An account as the SDK and the lookup show it: never its password hash. */
    static Map<String, Object> account(Account account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user_id", account.userId());
        json.put("email", account.email().value());
        json.put("email_confirmed", account.emailConfirmed());
        json.put("attributes", account.attributes());
        json.put("agreements", account.agreements());
        json.put("created_at", timestamp(account.createdAt()));
        json.put("updated_at", timestamp(account.updatedAt()));
        return json;
    }

    /** In whole seconds, as stored: an answer computed in memory shows what a later read shows. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String timestamp(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
