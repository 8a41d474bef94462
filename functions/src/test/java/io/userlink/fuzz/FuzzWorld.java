package io.userlink.fuzz;

import io.userlink.account.AccountMailDelivery;
import io.userlink.account.AccountService.LoggedIn;
import io.userlink.account.AccountService.Registered;
import io.userlink.app.App;
import io.userlink.app.AppSettings;
import io.userlink.app.RegistrationMode;
import io.userlink.app.Scope;
import io.userlink.handler.AccountHandler;
import io.userlink.handler.ApiHandler;
import io.userlink.handler.ChangeEmailHandler;
import io.userlink.handler.ChangePasswordHandler;
import io.userlink.handler.ConfirmAccountHandler;
import io.userlink.handler.CreateUserHandler;
import io.userlink.handler.DeleteAccountHandler;
import io.userlink.handler.DeleteUserHandler;
import io.userlink.handler.InstallStatusHandler;
import io.userlink.handler.IntrospectTokenHandler;
import io.userlink.handler.IssueAuthCodeHandler;
import io.userlink.handler.JwksHandler;
import io.userlink.handler.LinkInstallHandler;
import io.userlink.handler.LookupUserHandler;
import io.userlink.handler.NotFoundHandler;
import io.userlink.handler.OpenIdConfigurationHandler;
import io.userlink.handler.RefreshTokenHandler;
import io.userlink.handler.RegisterAccountHandler;
import io.userlink.handler.RegisterInstallHandler;
import io.userlink.handler.RequestPasswordResetHandler;
import io.userlink.handler.ResendConfirmationHandler;
import io.userlink.handler.ResetInstallHandler;
import io.userlink.handler.ResetPasswordHandler;
import io.userlink.handler.SignInHandler;
import io.userlink.handler.SignOutHandler;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.mail.OutboxMail;
import io.userlink.refresh.TokenPair;
import io.userlink.support.Mailbox;
import io.userlink.support.TestUserlink;
import io.userlink.support.TestUserlink.TestApp;
import io.userlink.token.AccessToken;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the fuzz tests draw their valid pieces from: two apps over the local AWS account, API keys with every
 * scope and with one, an anonymous install and a linked one with their tokens, an account's user token, the tokens
 * of the second app's mailed links, and the handlers. Valid credentials reach the code behind authentication; the
 * fuzzer mixes them with invalid ones. Passwords are hashed cheaply, so that an input reaching one costs no more
 * than any other; the hash's cost is not what fuzzing looks for.
 */
final class FuzzWorld {

    /** The account each app has, signed in on an install of its own; the fuzzer may use its address and password. */
    static final String ACCOUNT_EMAIL = "ann@example.com";
    static final String ACCOUNT_PASSWORD = "correct horse battery";

    private static volatile FuzzWorld instance;

    final TestUserlink userlink = TestUserlink.localHashingCheaply();
    final Map<String, ApiHandler> handlers;
    final List<String> authorizations = new ArrayList<>();
    final List<String> installIds = new ArrayList<>();
    final List<String> userIds = new ArrayList<>();
    final List<String> refreshTokens = new ArrayList<>();
    final List<String> externalIds = new ArrayList<>(List.of("customer-1", "alice@example.com", "x"));
    /**
     * Secrets of one use a body may carry: authentication codes (redemption's {@code authentication_code}) and the
     * tokens of mailed links (the mail routes' {@code token}), spent, replaced or live.
     */
    final List<String> oneTimeTokens = new ArrayList<>();
    /** Access tokens a body may carry (introspection's {@code token}). */
    final List<String> accessTokens = new ArrayList<>();

    private FuzzWorld() {
        var components = userlink.components();
        handlers = Map.ofEntries(
                Map.entry("POST /v1/installs", new RegisterInstallHandler(components)),
                Map.entry("POST /v2/users/{install_id}/link", new LinkInstallHandler(components)),
                Map.entry("POST /v1/auth-codes", new IssueAuthCodeHandler(components)),
                Map.entry("POST /v1/users", new CreateUserHandler(components)),
                Map.entry("GET /v1/installs/{install_id}", new InstallStatusHandler(components)),
                Map.entry("POST /v1/installs/{install_id}/reset", new ResetInstallHandler(components)),
                Map.entry("DELETE /v1/users/{user_id}", new DeleteUserHandler(components)),
                Map.entry("GET /v1/users/{user_id}", new LookupUserHandler(components)),
                Map.entry("GET /v1/users", new LookupUserHandler(components)),
                Map.entry("POST /v1/token", new RefreshTokenHandler(components)),
                Map.entry("POST /v1/token/introspect", new IntrospectTokenHandler(components)),
                Map.entry("POST /v1/accounts", new RegisterAccountHandler(components)),
                Map.entry("POST /v1/accounts/sign-in", new SignInHandler(components)),
                Map.entry("POST /v1/accounts/sign-out", new SignOutHandler(components)),
                Map.entry("GET /v1/accounts/me", new AccountHandler(components)),
                Map.entry("PATCH /v1/accounts/me", new AccountHandler(components)),
                Map.entry("POST /v1/accounts/me/password", new ChangePasswordHandler(components)),
                Map.entry("POST /v1/accounts/me/deletion", new DeleteAccountHandler(components)),
                Map.entry("POST /v1/accounts/me/email", new ChangeEmailHandler(components)),
                Map.entry("POST /v1/accounts/confirm", new ConfirmAccountHandler(components)),
                Map.entry("POST /v1/accounts/confirmation", new ResendConfirmationHandler(components)),
                Map.entry("POST /v1/accounts/password-reset", new RequestPasswordResetHandler(components)),
                Map.entry("POST /v1/accounts/password-reset/confirm", new ResetPasswordHandler(components)),
                Map.entry("GET /.well-known/jwks.json", new JwksHandler(components.publicKeys())),
                Map.entry("GET /.well-known/openid-configuration", new OpenIdConfigurationHandler(TestUserlink.ISSUER)),
                Map.entry("$default", new NotFoundHandler()));
        for (int app = 0; app < 2; app++) {
            boolean mails = app == 1;
            TestApp created = userlink.createApp(mails ? TestUserlink.mailing(RegistrationMode.CONFIRMATION_REQUIRED)
                    : AppSettings.defaults());
            App registered = components.apps().find(created.appId()).orElseThrow();
            authorizations.add("Basic " + Base64.getEncoder().encodeToString((created.appId() + ":" + created.appSecret()).getBytes()));
            authorizations.add("Bearer " + created.apiKey());
            authorizations.add("Bearer " + userlink.administration().createApiKey(created.appId(), "read only",
                    Set.of(Scope.USER_READ), null));
            for (DeviceClass deviceClass : DeviceClass.values()) {
                AnonymousInstall install = components.installService().register(registered,
                        new Registration(Platform.ANDROID, deviceClass, "1.0.0", Optional.empty()));
                installIds.add(install.install().installId());
                authorizations.add("Bearer " + install.tokens().accessToken().value());
                refreshTokens.add(install.tokens().refreshToken());
            }
            String linkedInstall = installIds.getLast();
            userIds.add(components.linkService().link(registered, linkedInstall, "customer-1").userId().orElseThrow());
            String userRefresh = components.refreshService().refresh(refreshTokens.getLast()).tokens().refreshToken();
            refreshTokens.add(userRefresh);
            oneTimeTokens.add(components.authCodeService().issue(registered, "alice@example.com").code());
            AnonymousInstall accountInstall = components.installService().register(registered,
                    new Registration(Platform.IOS, DeviceClass.PHONE, "1.0.0", Optional.empty()));
            String accountToken = signedInAccount(registered, components.authenticator()
                    .sdk(Optional.of("Bearer " + accountInstall.tokens().accessToken().value())).token(), ACCOUNT_EMAIL)
                    .accessToken().value();
            authorizations.add("Bearer " + accountToken);
            accessTokens.add(accountToken);
            accessTokens.add(accountInstall.tokens().accessToken().value());
            if (mails) {
                mailLinks(registered, userlink.verified(accountToken));
            }
        }
    }

    /**
     * Registers an account of {@code email} on the install of {@code install}, signed in there, or, where the app mails
     * first (its answer is alike for every address), on a new install; its session's tokens.
     */
    private TokenPair signedInAccount(App app, AccessToken install, String email) {
        var accounts = userlink.components().accountService();
        Registered registration = accounts.register(app, install, email, ACCOUNT_PASSWORD, Map.of(), Map.of());
        LoggedIn account = registration instanceof LoggedIn loggedIn ? loggedIn
                : accounts.signIn(app, userlink.newInstall(app), email, ACCOUNT_PASSWORD);
        return account.tokens().orElseThrow();
    }

    /**
     * Has {@code app} mail a link of every kind and keeps their tokens: the account's confirmation link, which the
     * change-of-address link then replaces, a reset link, and a second account's link back after a move.
     */
    private void mailLinks(App app, AccessToken account) {
        var components = userlink.components();
        Mailbox mailbox = new Mailbox();
        deliver(app, mailbox);
        components.accountEmails().requestPasswordReset(app, ACCOUNT_EMAIL);
        components.accountService().requestAddressChange(app, account, "ann.new@example.com", ACCOUNT_PASSWORD);
        AccessToken moving = userlink.verified(signedInAccount(app, userlink.newInstall(app), "bea@example.com")
                .accessToken().value());
        components.accountService().requestAddressChange(app, moving, "bea.new@example.com", ACCOUNT_PASSWORD);
        deliver(app, mailbox);
        components.accountEmails().confirm(app, mailbox.last("bea.new@example.com").orElseThrow().token());
        deliver(app, mailbox);
        mailbox.received().stream().filter(mail -> mail.mail().text().contains("ulm_")).map(Mailbox.Received::token)
                .forEach(oneTimeTokens::add);
    }

    private void deliver(App app, Mailbox mailbox) {
        AccountMailDelivery delivery = userlink.components().mailDelivery(mailbox);
        for (OutboxMail mail : userlink.unsentMailsOf(app.appId())) {
            delivery.deliver(mail.outboxId());
        }
    }

    static synchronized FuzzWorld get() {
        if (instance == null) {
            instance = new FuzzWorld();
        }
        return instance;
    }
}
