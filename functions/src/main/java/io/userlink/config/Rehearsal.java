package io.userlink.config;

import io.userlink.account.AccountMailDelivery;
import io.userlink.account.AccountService.LoggedIn;
import io.userlink.app.AccountMail;
import io.userlink.app.App;
import io.userlink.app.AppAdministration;
import io.userlink.app.AppAdministration.CreatedApp;
import io.userlink.app.AppSettings;
import io.userlink.app.Scope;
import io.userlink.identity.Timebox;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.json.Json;
import io.userlink.mail.MailSender;
import io.userlink.refresh.TokenPair;
import io.userlink.secrets.SecretsManagerKeyRingStore;
import io.userlink.ses.SesMailSender;
import io.userlink.token.AccessToken;
import io.userlink.token.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * A deployment of Userlink that exists only inside this process, for SnapStart's invoke priming: the function's own
 * settings and code over AWS clients answered in memory ({@link RehearsalAws}), holding a key ring, an app with an
 * app secret and an API key of every scope, an anonymous install, and an install signed in to an account, all made
 * through the domain as a real deployment makes them. A handler built over {@link #components()} runs its route's
 * whole path, the SDK's marshalling and signing included, and reaches no AWS service, no real secret and no cache of
 * the function's real components; everything here is garbage once priming ends.
 *
 * <p>Its random source is seeded with a constant: the rehearsal's ids never leave it, and a snapshot must hold no
 * random state that restored environments would share. Its key ring is a constant too, {@link #KEY_RING_RESOURCE}:
 * the ring that seed derives (as it did here until the ring was shipped instead), read rather than generated because
 * generating two RSA keys was about a quarter of the work of each function's priming. It is public knowledge, in every
 * deployment alike, and no verifier outside a rehearsal holds it: a token it signs is refused everywhere else. Its
 * password hashes are cheap, since priming hashes once per invocation; {@link Priming#PASSWORDS} primes the full-cost
 * hash.
 */
public final class Rehearsal {

    /** The password of every account of the rehearsal. */
    public static final String PASSWORD = "correct horse battery staple";
    /** The address of the rehearsal's first account. */
    public static final String EMAIL = "ann@example.com";
    /** Where the rehearsal app's mails link to, before the token (no mail leaves the rehearsal). */
    private static final String LINK_BEFORE_TOKEN = "https://rehearsal.invalid/link?token=";
    private static final String LINK = LINK_BEFORE_TOKEN + AccountMail.TOKEN_PLACEHOLDER;
    private static final Pattern MAILED_TOKEN = Pattern.compile(Pattern.quote(LINK_BEFORE_TOKEN) + "(\\S+)");
    private static final int PASSWORD_HASH_ITERATIONS = 1_000;
    /** Secrets Manager's idempotency token of the ring's one write (32 to 64 characters). */
    private static final String RING_REQUEST_TOKEN = "rehearsal-ring-00000000000000000000";
    private static final byte[] SEED = "userlink rehearsal".getBytes(StandardCharsets.US_ASCII);
    /** The rehearsal's key ring, as its secret holds it, beside this class. */
    private static final String KEY_RING_RESOURCE = "rehearsal-key-ring.json";

    /** An account, and an install signed in to it. */
    public record SignedIn(String userId, TokenPair tokens) {}

    private final Components components;
    private final RehearsalAws aws;
    private final AwsClients clients;
    private final App app;
    private final String appSecret;
    private final String apiKey;
    private final AnonymousInstall install;
    private final SignedIn account;
    private final AtomicInteger serial = new AtomicInteger();

    private Rehearsal(Components components, RehearsalAws aws, AwsClients clients, CreatedApp created, String apiKey) {
        this.components = components;
        this.aws = aws;
        this.clients = clients;
        this.app = created.app();
        this.appSecret = created.appSecret();
        this.apiKey = apiKey;
        this.install = newInstall();
        this.account = register(EMAIL);
    }

    /** A rehearsal with the settings of this function's environment. */
    public static Rehearsal ofThisFunction() {
        return of(Settings.from(FunctionEnvironment.variables()));
    }

    /** A rehearsal with these settings (table, secret names, issuer, cache periods). */
    public static Rehearsal of(Settings settings) {
        SecureRandom random = seededRandom();
        InstantSource clock = InstantSource.system();
        // Lambda's variables as a function without SnapStart gets them, but made up: no provider chain, no network.
        Map<String, String> variables = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKIAREHEARSAL",
                "AWS_SECRET_ACCESS_KEY", "rehearsal");
        RehearsalAws aws = new RehearsalAws();
        AwsClients clients = new AwsClients(variables::get, aws);
        DynamoDbClient dynamoDb = clients.build(DynamoDbClient.builder(), "AWS_ENDPOINT_URL_DYNAMODB");
        SecretsManagerClient secretsManager = clients.build(SecretsManagerClient.builder(),
                "AWS_ENDPOINT_URL_SECRETS_MANAGER");
        new SecretsManagerKeyRingStore(secretsManager, settings.keyRingSecretId(), settings.keyRingCachePeriod(), clock)
                .save(keyRing(), SecretsManagerKeyRingStore.CURRENT_STAGE, RING_REQUEST_TOKEN);
        // No wait in the requests that answer alike: a rehearsal answers no one, and its box would only delay the
        // snapshot (the box's code runs all the same). Its sign-ins are nobody's: the function's log keeps none of its
        // security events, which a security team would take for real ones at every publish.
        Components components = Components.over(settings, new AwsPorts(settings, clock, () -> dynamoDb,
                () -> secretsManager), clock, random, Components.CONFLICT_RETRY_BUDGET, PASSWORD_HASH_ITERATIONS)
                .answeringAlikeWithin(new Timebox(Duration.ZERO))
                .recordingSecurityEventsTo(event -> { });

        AppAdministration administration = new AppAdministration(components.apps(), components.appCredentials(),
                components.ids(), clock);
        CreatedApp created = administration.createApp("rehearsal", AppSettings.defaults().withAccountMail(
                AccountMail.defaults().withConfirmationLink(LINK).withPasswordResetLink(LINK)));
        String apiKey = administration.createApiKey(created.app().appId(), "rehearsal", EnumSet.allOf(Scope.class),
                clock.instant().plus(Duration.ofDays(1)));
        return new Rehearsal(components, aws, clients, created, apiKey);
    }

    public Components components() {
        return components;
    }

    public App app() {
        return app;
    }

    /** The {@code Authorization} of the SDK presenting the app's id and secret. */
    public String appSecretAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((app.appId() + ":" + appSecret)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code Authorization} of a customer backend presenting an API key of every scope. */
    public String apiKeyAuthorization() {
        return "Bearer " + apiKey;
    }

    /** An install that is not signed in, with its tokens: one for the routes that leave it as it is. */
    public AnonymousInstall install() {
        return install;
    }

    /** The account of {@link #EMAIL}, signed in: one for the routes that leave it as it is. */
    public SignedIn account() {
        return account;
    }

    /** A new install, not signed in: for a route that changes the install it is asked about. */
    public AnonymousInstall newInstall() {
        return components.installService().register(app,
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.of("rehearsal")));
    }

    /** A new address, not registered. */
    public String newEmail() {
        return "rehearsal-" + serial.incrementAndGet() + "@example.com";
    }

    /** A new external id, of no user yet. */
    public String newExternalId() {
        return "rehearsal-user-" + serial.incrementAndGet();
    }

    /** A new account, signed in on a new install: for a route that changes the account or ends its session. */
    public SignedIn newAccount() {
        return register(newEmail());
    }

    /** The token of the confirmation link mailed to a new account, whose address is not confirmed yet. */
    public String newConfirmationToken() {
        return tokenMailedIn(newConfirmationMailKeys());
    }

    /** The token of the password-reset link mailed to a new account. */
    public String newPasswordResetToken() {
        return tokenMailedIn(keysPutMailingNewAccount(email -> components.accountEmails().requestPasswordReset(app, email)));
    }

    /**
     * The partition keys of the items a confirmation mailed to a new account put, as the table's stream carries them to
     * the mail sender: the outbox's mail among them.
     */
    public List<String> newConfirmationMailKeys() {
        return keysPutMailingNewAccount(email -> components.accountEmails().resendConfirmation(app, email));
    }

    /** The rehearsal's SES: it accepts every mail, from the rehearsal's own address, and keeps none. */
    public MailSender mailSender() {
        return new SesMailSender(clients.build(SesV2Client.builder(), "AWS_ENDPOINT_URL_SESV2"),
                "Rehearsal <no-reply@rehearsal.invalid>", Optional.empty());
    }

    /**
     * The token of the link mailed by the items put under {@code putKeys}, found as a user finds it: the mail sender's
     * own delivery, handed the keys the table's stream would carry, renders the mail, and the token is read off its
     * link.
     */
    private String tokenMailedIn(List<String> putKeys) {
        List<String> texts = new ArrayList<>();
        AccountMailDelivery delivery = components.mailDelivery((to, mail, outboxId) -> {
            texts.add(mail.text());
            return outboxId;
        });
        for (String partitionKey : putKeys) {
            delivery.outboxIdOfKey(partitionKey).ifPresent(delivery::deliver);
        }
        return texts.stream().map(MAILED_TOKEN::matcher).filter(Matcher::find).map(link -> link.group(1)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the rehearsal's request mailed no link"));
    }

    /** The partition keys of the items {@code request} put, asked for a new account's address. */
    private List<String> keysPutMailingNewAccount(Consumer<String> request) {
        String email = newEmail();
        register(email);
        aws.newlyPutPartitionKeys();
        request.accept(email);
        return aws.newlyPutPartitionKeys();
    }

    private SignedIn register(String email) {
        AccessToken token = components.authenticator().accessToken(
                Optional.of("Bearer " + newInstall().tokens().accessToken().value()));
        LoggedIn login = (LoggedIn) components.accountService().register(app, token, email, PASSWORD, Map.of(), Map.of());
        return new SignedIn(login.user().userId(), login.tokens().orElseThrow());
    }

    private static KeyRing keyRing() {
        try (InputStream in = Rehearsal.class.getResourceAsStream(KEY_RING_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(KEY_RING_RESOURCE + " is missing from the jar");
            }
            return KeyRing.fromSecretJson(Json.parseTrustedObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KEY_RING_RESOURCE, e);
        }
    }

    private static SecureRandom seededRandom() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(SEED);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA1PRNG", e);
        }
    }
}
