package io.userlink.support;

import io.userlink.account.AccountMailDelivery;
import io.userlink.account.AccountStore;
import io.userlink.account.LoginAttempts;
import io.userlink.app.AccountMail;
import io.userlink.app.App;
import io.userlink.app.AppAdministration;
import io.userlink.app.AppCredentialsStore;
import io.userlink.app.AppSettings;
import io.userlink.app.AppStore;
import io.userlink.app.MailTemplates;
import io.userlink.app.RegistrationMode;
import io.userlink.audit.SecurityEvent;
import io.userlink.authcode.AuthCodeStore;
import io.userlink.config.Components;
import io.userlink.config.Settings;
import io.userlink.id.RandomIds;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.Timebox;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.Install;
import io.userlink.install.InstallStore;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.mail.Outbox;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.token.AccessToken;
import io.userlink.token.KeyRing;
import io.userlink.token.KeyRingSource;
import io.userlink.token.PublicKeySource;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Userlink's domain wired as a deployment wires it ({@link Components#over}), over {@link InMemoryStores}: for
 * unit tests that run in milliseconds. The clock is the test's; the key ring is one per JVM, since generating
 * RSA keys takes a while.
 */
public final class MemoryUserlink {

    public static final URI ISSUER = URI.create("https://userlink.test");
    public static final Duration CREDENTIALS_CACHE = Duration.ofSeconds(60);
    /** Cheap hashing for unit tests; the cost itself is PasswordHasherTest's concern. */
    public static final int PASSWORD_HASH_ITERATIONS = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long {@link #MemoryUserlink()} retries a lost race. */
    public static final Duration RETRY_BUDGET = Duration.ofMillis(250);

    private final MutableClock clock = MutableClock.atNow();
    /** What the requests that answer alike for any address wait in, instead of the wall's time. */
    private final SimulatedTime alikeTime = new SimulatedTime();
    private final InMemoryStores stores = new InMemoryStores();
    private final AtomicReference<KeyRing> keyRing = new AtomicReference<>(TestKeyRings.FIRST);
    private final RecordedSecurityEvents securityEvents = new RecordedSecurityEvents();
    private final Components components;
    private final StoppingIdentityStore identities;

    /**
     * Retrying a lost race for {@link #RETRY_BUDGET}, not the deployment's 5 s: enough for the races a test stages, and
     * a change that makes every attempt lose (a mutant, under mutation testing) answers 503 at once rather than after
     * seconds of retries, which mutation testing counted as a timeout, each costing its time limit and a new JVM.
     */
    public MemoryUserlink() {
        this(RETRY_BUDGET);
    }

    public MemoryUserlink(Duration conflictRetryBudget) {
        Settings settings = new Settings("memory", "memory/key-ring", "memory/public-keys", "memory/apps/", ISSUER,
                CREDENTIALS_CACHE, Duration.ofSeconds(300));
        identities = new StoppingIdentityStore(stores.identities());
        components = Components.over(settings, new FixedPorts(stores.apps(), stores.appCredentials(),
                keyRing::get, () -> keyRing.get().publicKeys(), stores.installs(), identities, stores.codes(),
                stores.families(), stores.accounts(), stores.loginAttempts(), stores.outbox()),
                clock, RANDOM, conflictRetryBudget, PASSWORD_HASH_ITERATIONS)
                .answeringAlikeWithin(new Timebox(Timebox.ACCOUNT_MAIL_REQUESTS, alikeTime))
                .recordingSecurityEventsTo(securityEvents);
    }

    /** The security events the components recorded, oldest first. */
    public List<SecurityEvent> securityEvents() {
        return securityEvents.all();
    }

    /** The ports as given: the in-memory stores and this test's key ring. */
    private record FixedPorts(AppStore apps, AppCredentialsStore appCredentials, KeyRingSource keyRing,
                              PublicKeySource publicKeys, InstallStore installs, IdentityStore identities, AuthCodeStore codes,
                              RefreshFamilyStore families, AccountStore accounts, LoginAttempts loginAttempts,
                              Outbox outbox) implements Components.Ports {}

    public Components components() {
        return components;
    }

    /** The identity store the components use: it stops them at a write when told to, and otherwise passes through. */
    public StoppingIdentityStore identities() {
        return identities;
    }

    public InMemoryStores stores() {
        return stores;
    }

    public MutableClock clock() {
        return clock;
    }

    /** The ring the functions sign with; tests rotate it by setting a new one. */
    public AtomicReference<KeyRing> keyRing() {
        return keyRing;
    }

    public RandomIds ids() {
        return components.ids();
    }

    public AppAdministration administration() {
        return new AppAdministration(stores.apps(), stores.appCredentials(), ids(), clock);
    }

    /** A new app with default settings. */
    public App app() {
        return app(AppSettings.defaults());
    }

    public App app(AppSettings settings) {
        return administration().createApp("memory app", settings).app();
    }

    /** An app whose accounts get mail under {@code mode} ({@link #accountMail}). */
    public App mailingApp(RegistrationMode mode) {
        return app(AppSettings.defaults().withAccountMail(accountMail(mode)));
    }

    /** Account mail under {@code mode}: the confirmation and reset links on app.example.com, the default wording. */
    public static AccountMail accountMail(RegistrationMode mode) {
        return new AccountMail(mode, "https://app.example.com/confirm?token={token}",
                "https://app.example.com/reset?token={token}", MailTemplates.none());
    }

    /** A new anonymous install of {@code app} and its first tokens. */
    public AnonymousInstall register(App app, DeviceClass deviceClass) {
        return components.installService().register(app,
                new Registration(Platform.ANDROID, deviceClass, "1.0", Optional.empty()));
    }

    /** The verified claims of an access token, as a route sees them. */
    public AccessToken verified(String accessToken) {
        return components.authenticator().accessToken(Optional.of("Bearer " + accessToken));
    }

    /**
     * Sends what the outbox holds to {@code mailbox}, as the mail sender fed by the stream would: each mail in the
     * order written, once.
     *
     * @return each mail's outcome, in that order
     */
    public List<AccountMailDelivery.Outcome> deliverMail(Mailbox mailbox) {
        AccountMailDelivery delivery = components.mailDelivery(mailbox);
        return stores.outboxMails().stream().map(mail -> delivery.deliver(mail.outboxId())).toList();
    }

    /** The install as stored now. */
    public Install install(String installId) {
        return stores.identities().findInstall(installId).orElseThrow();
    }
}
