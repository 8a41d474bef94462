package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.account.AccountService;
import io.userlink.app.App;
import io.userlink.app.DevicePolicy;
import io.userlink.app.RegistrationMode;
import io.userlink.config.Components;
import io.userlink.error.GrantException;
import io.userlink.identity.HistoryWindow;
import io.userlink.identity.UserDeletion;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.local.AwsGateway.Access;
import io.userlink.local.EventPlaceholders;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import io.userlink.local.iam.PolicyDocument;
import io.userlink.local.iam.PolicyDocument.Decision;
import io.userlink.local.iam.PolicyDocument.Statement;
import io.userlink.token.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Each function's policy in template.yaml against the calls the function makes: a fresh stack deployed
 * locally (SnapStart hooks and the first key rotation included), every {@code events/} file replayed through
 * its function, and one more rotation. Every call must be allowed, and every permission granted must be used:
 * least privilege, derived from what runs rather than read off the code.
 */
class FunctionPoliciesIT {

    private static final Path TEMPLATE = ServeProcess.PROJECT.resolve("template.yaml");
    private static final String KEY_RING = "userlink/key-ring";
    /**
     * Permissions that only a lost race uses, so that no replay can show them: a link or a redemption that
     * finds the user's active install changed while it ran is ordered before that activation, and only
     * condition-checks the user item (UserAttachment.superseded; RacesIT drives it).
     */
    private static final Map<String, String> RACE_ONLY = Map.of(
            "LinkInstallFunction dynamodb:ConditionCheckItem", "a link superseded by a concurrent activation",
            "CreateUserFunction dynamodb:ConditionCheckItem", "a redemption superseded by a concurrent activation",
            "SignInFunction dynamodb:ConditionCheckItem", "a sign-in superseded by a concurrent activation");
    /** The functions that verify tokens and neither sign them nor derive secrets from the ring's refresh token key. */
    private static final List<String> VERIFYING = List.of("AccountFunction", "ChangePasswordFunction",
            "DeleteAccountFunction", "InstallStatusFunction", "IntrospectTokenFunction", "JwksFunction");
    private static final List<Access> ACCESSES = new CopyOnWriteArrayList<>();
    /** Of the installs of a deletion stopped after its first transaction: how many still refreshed, before and after. */
    private static int refreshingBeforeTheFinisher;
    private static int refreshingAfterTheFinisher;
    /** The copies of installs left under that user after the finisher: a stale one was put back before it ran. */
    private static int copiesAfterTheFinisher;
    /** What the deletion dead-letter queue held once a finisher's batch had failed every retry. */
    private static List<JsonNode> deadLetterBatches;
    private static final LocalAws.Mail MAIL = LocalAws.Mail.quiet();
    private static LocalRuntime runtime;

    @BeforeAll
    static void deployAndReplayEveryEvent() throws Exception {
        runtime = LocalRuntime.start(TEMPLATE, null, URI.create("http://127.0.0.1:3000"), Map.of(), true, ACCESSES::add,
                MAIL);
        SamTemplate template = SamTemplate.read(TEMPLATE);
        try (Stream<Path> files = Files.list(ServeProcess.PROJECT.resolve("events"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event = Http.json(Files.readString(file));
                String function = functionFor(template, event.get("routeKey").asText());
                String substituted = EventPlaceholders.substitute(Files.readString(file), InvokeCommand.demoWorld(runtime));
                runtime.function(function).invoke(substituted);
            }
        }
        linkTwoNewInstallsToANewUser();
        mailThroughEveryMailFunction();
        finishADeletionThatStoppedPartWay();
        failToFinishADeletionUntilItsBatchGoesToTheDeadLetterQueue();
        try (SecretsManagerClient operator = LocalAwsClients.build(SecretsManagerClient.builder(), runtime.endpoint(),
                runtime.operatorKey())) {
            operator.rotateSecret(r -> r.secretId(KEY_RING));
        }
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void everyCallOfEveryFunctionAndItsHooksIsAllowed() {
        List<Access> refused = ACCESSES.stream().filter(access -> access.decision() != Decision.ALLOW).toList();

        assertEquals(List.of(), refused);
    }

    @Test
    void freshStackWhenDeployedThenEveryFunctionPrimesBeforeTheKeyRingsFirstRotation() {
        List<String> primedBefore = readersBeforeTheFirstRotation(KEY_RING);

        assertEquals(List.of("ChangeEmailFunction", "ConfirmAccountFunction", "CreateUserFunction", "RefreshTokenFunction",
                "RegisterAccountFunction", "RegisterInstallFunction", "RequestPasswordResetFunction",
                "ResendConfirmationFunction", "ResetInstallFunction", "ResetPasswordFunction", "SendMailFunction",
                "SignInFunction", "SignOutFunction"), primedBefore,
                "the functions that use the key ring read it while it held the template's placeholder");
    }

    @Test
    void publicKeysWhenAFunctionOnlyVerifiesThenItReadsThemAndNeverTheKeyRing() {
        List<String> primedBefore = readersBeforeTheFirstRotation("userlink/public-keys");
        List<String> writers = ACCESSES.stream()
                .filter(access -> access.action().equals("secretsmanager:PutSecretValue")
                        && access.resource().contains(":secret:userlink/public-keys-"))
                .map(Access::principal).distinct().toList();
        List<String> verifiersReadingTheRing = ACCESSES.stream()
                .filter(access -> access.resource().contains(":secret:userlink/key-ring-")
                        && VERIFYING.contains(access.principal()))
                .map(access -> access.principal() + " " + access.action()).distinct().toList();

        assertEquals(VERIFYING, primedBefore,
                "the functions that only verify read the public keys while they held the template's placeholder");
        assertEquals(List.of("RotateKeyRingFunction"), writers);
        assertEquals(List.of(), verifiersReadingTheRing);
    }

    @Test
    void deletionWhenItsRequestStoppedPartWayThenTheFinisherFedByTheStreamEndsWhatWasLeft() {
        assertEquals(1, refreshingBeforeTheFinisher, "one install beyond the first transaction still refreshed");
        assertEquals(0, refreshingAfterTheFinisher);
        assertEquals(0, copiesAfterTheFinisher, "the stale copy purged");
    }

    /**
     * The person on call after the deletion alarm: {@code userlink users finish-deletions}, as the operator (the
     * template's operator policy, enforced by the gateway), finishes a deletion stopped before its purge, which the
     * stream's finisher has not been handed yet.
     */
    @Test
    void finishDeletionsWhenTheOperatorRunsItThenADeletionStoppedBeforeItsPurgeIsFinished(@TempDir Path directory)
            throws Exception {
        // given
        App app = runtime.operatorAdministration().app(InvokeCommand.demoWorld(runtime).appId()).orElseThrow();
        Components harness = runtime.harness();
        String externalId = "operator-finished-" + UUID.randomUUID();
        AnonymousInstall registered = harness.installService().register(app,
                new Registration(Platform.IOS, DeviceClass.PHONE, "1.0.0", Optional.empty()));
        harness.linkService().link(app, registered.install().installId(), externalId);
        String userId = harness.userDirectory().byExternalId(app, externalId, HistoryWindow.NEWEST).user().userId();
        Components stopping = stoppingAt(BatchWriteItemRequest.class, 1, "before the purge");
        assertThrows(IllegalStateException.class, () -> stopping.userDeletion().delete(app, userId));
        AdminCli operator = AdminCli.asOperator(runtime, directory);

        // when: listed only
        JsonNode dryRun = Http.json(operator.run(0, "users", "finish-deletions", "--dry-run", "--output=json"));

        // then
        assertTrue(dryRun.get("unfinished").toString().contains(userId), dryRun.toString());
        assertEquals(0, dryRun.get("finished").size());
        assertTrue(harness.userDeletion().unfinished().contains(userId), "a dry run finishes nothing");
        assertTrue(dryRun.get("dead_letter_queue").isNull(), dryRun.toString());
        assertEquals(deadLetterBatches, deletionDeadLetterQueue(), "a dry run leaves the queue");

        // when
        String finished = operator.run(0, "users", "finish-deletions");

        // then
        assertTrue(finished.lines().anyMatch(("finished " + userId)::equals), finished);
        assertTrue(finished.startsWith("emptied the dead-letter queue http://127.0.0.1:"), finished);
        assertEquals(List.of(), deletionDeadLetterQueue(), "emptied, so that its alarm fires for the next failure");
        assertFalse(harness.userDeletion().unfinished().contains(userId));
        assertFalse(harness.userDeletion().finish(userId), "nothing was left: history purged, the record gone");
    }

    /**
     * A deletion asked for outside the app (Google Play asks apps for a web page where people can): {@code userlink
     * users delete}, as the operator, deletes the account's user as the API's deletion does, and frees the address.
     */
    @Test
    void usersDeleteWhenTheOperatorRunsItThenTheAccountsUserIsGoneAndItsAddressFree(@TempDir Path directory)
            throws Exception {
        // given
        App app = demoApp();
        Components harness = runtime.harness();
        String email = "asked-by-mail-" + UUID.randomUUID() + "@example.com";
        String userId = registered(app, email);
        AdminCli operator = AdminCli.asOperator(runtime, directory);

        // when
        JsonNode deleted = Http.json(operator.run(0, "users", "delete", "--app", app.appId(), "--email", email,
                "--output=json"));

        // then
        assertEquals(userId, deleted.get("user_id").asText());
        assertTrue(operator.run(1, "users", "show", "--app", app.appId(), "--user", userId).contains("No such user"));
        assertTrue(operator.run(1, "users", "delete", "--app", app.appId(), "--email", email).contains("No such user"));
        assertFalse(harness.userDeletion().finish(userId), "nothing was left: history purged, the record gone");
        registered(app, email);
    }

    /**
     * Support moves an account for someone who can no longer read its address: {@code userlink users change-email}, as
     * the operator, moves it without a link; the new address signs in, the old one is free and was told.
     */
    @Test
    void usersChangeEmailWhenTheOperatorRunsItThenTheAccountSignsInAtTheNewAddressOnly(@TempDir Path directory)
            throws Exception {
        // given
        App app = demoApp();
        Components harness = runtime.harness();
        String lost = "lost-mailbox-" + UUID.randomUUID() + "@example.com";
        String userId = registered(app, lost);
        AdminCli operator = AdminCli.asOperator(runtime, directory);

        // when
        JsonNode moved = Http.json(operator.run(0, "users", "change-email", "--app", app.appId(), "--email", lost,
                "--new-email", "New-" + lost, "--output=json"));

        // then
        assertEquals(userId, moved.get("user_id").asText());
        assertEquals("new-" + lost, moved.get("email").asText());
        assertEquals(userId, harness.accountService().signIn(app, installToken(harness, app), "new-" + lost,
                "correct horse battery").user().userId());
        assertTrue(operator.run(1, "users", "change-email", "--app", app.appId(), "--user", userId, "--new-email",
                "new-" + lost).contains("`email` is this account's address already."));
        runtime.pollEventSources();
        assertTrue(runtime.ses().sent().stream().anyMatch(mail -> mail.to().equals(lost)
                && mail.subject().contains("has a new email address")), "the old address was told");
        registered(app, lost);
    }

    /**
     * Support, asked about an account someone moved away, finds it by the reference its notice quoted: {@code userlink
     * users show}, as the operator, names the link back, where it leads and until when; {@code users change-email} says
     * the link died with its move.
     */
    @Test
    void usersShowWhenTheAccountWasMovedByLinkThenItNamesTheLinkBackWhichSupportsMoveKills(@TempDir Path directory) throws Exception {
        // given
        App app = demoApp();
        Components harness = runtime.harness();
        String home = "home-" + UUID.randomUUID() + "@example.com";
        AccountService.LoggedIn owner = (AccountService.LoggedIn) harness.accountService().register(app,
                installToken(harness, app), home, "correct horse battery", Map.of(), Map.of());
        harness.accountService().requestAddressChange(app, harness.authenticator().accessToken(Optional.of("Bearer "
                + owner.tokens().orElseThrow().accessToken().value())), "away-" + home, "correct horse battery");
        runtime.pollEventSources();
        harness.accountEmails().confirm(app, lastMailToken());
        AdminCli operator = AdminCli.asOperator(runtime, directory);

        // when
        String shown = operator.run(0, "users", "show", "--app", app.appId(), "--user", owner.user().userId());

        // then
        assertTrue(shown.contains("account      away-" + home + " (confirmed)"), shown);
        assertTrue(shown.contains("link back    to " + home + ", usable until "), shown);
        String moved = operator.run(0, "users", "change-email", "--app", app.appId(), "--user", owner.user().userId(),
                "--new-email", "support-" + home);
        assertTrue(moved.contains("; the link back mailed to " + home + " died with the move"), moved);
        assertFalse(operator.run(0, "users", "show", "--app", app.appId(), "--user", owner.user().userId())
                .contains("link back"), "support's move settles where the account is");
    }

    private static App demoApp() {
        return runtime.operatorAdministration().app(InvokeCommand.demoWorld(runtime).appId()).orElseThrow();
    }

    /** The user of a new account of {@code email}, registered on an install of its own. */
    private static String registered(App app, String email) {
        Components harness = runtime.harness();
        return ((AccountService.LoggedIn) harness.accountService().register(app, installToken(harness, app), email,
                "correct horse battery", Map.of(), Map.of())).user().userId();
    }

    private static AccessToken installToken(Components harness, App app) {
        AnonymousInstall install = harness.installService().register(app,
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.empty()));
        return harness.authenticator().sdk(Optional.of("Bearer " + install.tokens().accessToken().value())).token();
    }

    /**
     * The person on call after the rotation alarm: {@code userlink signing-keys rotate}, as the operator, names the
     * unfinished rotation that Secrets Manager refuses a new one for, and the command that ends it; ended so, the
     * ring rotates.
     */
    @Test
    void signingKeysRotateWhenAnEarlierRotationIsUnfinishedThenNamesItsVersionAndHowToEndIt(@TempDir Path directory)
            throws Exception {
        // given: a version staged AWSPENDING and never made current, as a rotation whose function failed leaves it
        AdminCli operator = AdminCli.asOperator(runtime, directory);
        String unfinished = UUID.randomUUID().toString();
        try (SecretsManagerClient administrator = LocalAwsClients.build(SecretsManagerClient.builder(),
                runtime.endpoint(), runtime.principal(LocalAws.HARNESS).key())) {
            String ring = administrator.getSecretValue(r -> r.secretId(KEY_RING)).secretString();
            administrator.putSecretValue(r -> r.secretId(KEY_RING).clientRequestToken(unfinished).secretString(ring)
                    .versionStages("AWSPENDING"));

            // when
            String refused = operator.run(1, "signing-keys", "rotate");

            // then
            assertTrue(refused.contains("an earlier rotation of " + KEY_RING + " is unfinished: version " + unfinished)
                    && refused.contains("aws secretsmanager update-secret-version-stage --secret-id " + KEY_RING
                    + " --version-stage AWSPENDING --remove-from-version-id " + unfinished), refused);
            administrator.updateSecretVersionStage(r -> r.secretId(KEY_RING).versionStage("AWSPENDING")
                    .removeFromVersionId(unfinished));
            assertTrue(operator.run(0, "signing-keys", "rotate").startsWith("rotation started: " + KEY_RING));
        }
    }

    @Test
    void deletionWhenTheFinisherFailsEveryRetryThenItsBatchWaitsInTheDeletionDeadLetterQueue() {
        assertEquals(1, deadLetterBatches.size());
        JsonNode batch = deadLetterBatches.getFirst();
        assertEquals("RetryAttemptsExhausted", batch.path("requestContext").path("condition").asText());
        assertEquals(11, batch.path("requestContext").path("approximateInvokeCount").asInt(),
                "the first try and the template's ten retries");
    }

    @Test
    void everyPermissionAFunctionsPolicyGrantsIsOneTheFunctionUses() {
        List<String> unused = new ArrayList<>();
        for (SamTemplate.Function function : SamTemplate.read(TEMPLATE).functions()) {
            for (Statement statement : runtime.principal(function.logicalId()).policy().statements()) {
                for (String action : statement.actions()) {
                    for (String resource : statement.resources()) {
                        PolicyDocument grant = new PolicyDocument(List.of(new Statement(true, List.of(action), List.of(resource))));
                        boolean used = ACCESSES.stream().anyMatch(access -> access.principal().equals(function.logicalId())
                                && grant.evaluate(access.action(), access.resource()) == Decision.ALLOW);
                        if (!used && !RACE_ONLY.containsKey(function.logicalId() + " " + action)) {
                            unused.add(function.logicalId() + " " + action + " " + resource);
                        }
                    }
                }
            }
        }

        assertEquals(List.of(), unused, "granted but never used");
    }

    /**
     * What the events/ file cannot show for linking (its install is linked already): a first link that
     * creates the user, and a second install that takes over from the first.
     */
    private static void linkTwoNewInstallsToANewUser() throws Exception {
        EventPlaceholders.Values demo = InvokeCommand.demoWorld(runtime);
        Components harness = runtime.harness();
        App app = harness.apps().find(demo.appId()).orElseThrow();
        String externalId = "policy-" + UUID.randomUUID();
        String linkEvent = Files.readString(ServeProcess.PROJECT.resolve("events/link-install.json"));
        for (int install = 0; install < 2; install++) {
            String installId = harness.installService().register(app, new Registration(Platform.IOS, DeviceClass.PHONE,
                    "1.0.0", Optional.empty())).install().installId();
            EventPlaceholders.Values fresh = new EventPlaceholders.Values(demo.appId(), demo.appSecret(), demo.apiKey(),
                    demo.installAccessToken(), demo.installRefreshToken(), installId, demo.userId(), demo.code());
            String response = runtime.function("LinkInstallFunction").invoke(EventPlaceholders.substitute(linkEvent, fresh)
                    .replace(EventPlaceholders.EXTERNAL_ID, externalId));
            assertEquals(200, Http.json(response).get("statusCode").asInt(), response);
        }
    }

    /**
     * What the events/ files cannot show for mail (their tokens are placeholders, and no event feeds the sender): an
     * app that confirms by mail, a registration whose mail the sender sends from the stream, the link confirmed, a
     * password reset asked for and used on an account signed in elsewhere, a move to a new address and back with the
     * link back, and a mail SES keeps refusing until its batch goes to the dead-letter queue.
     */
    private static void mailThroughEveryMailFunction() throws Exception {
        EventPlaceholders.Values demo = InvokeCommand.demoWorld(runtime);
        runtime.operatorAdministration().updateSettings(demo.appId(), settings -> settings.withAccountMail(
                settings.accountMail().withRegistrationMode(RegistrationMode.CONFIRMATION_REQUIRED)));
        String address = "policy-" + UUID.randomUUID() + "@example.com";
        invoke("RegisterAccountFunction", "register-account.json", demo, Map.of("email", address), 202);
        runtime.pollEventSources();
        invoke("ConfirmAccountFunction", "confirm-account.json", demo, Map.of("token", lastMailToken()), 200);
        invoke("SignInFunction", "sign-in.json", demo, Map.of("email", address), 200);
        invoke("RequestPasswordResetFunction", "request-password-reset.json", demo, Map.of("email", address), 202);
        runtime.pollEventSources();
        invoke("ResetPasswordFunction", "reset-password.json", demo, Map.of("token", lastMailToken()), 204);
        // A change of address: the link mailed to the new address moves the account, in the confirmation's role.
        String session = Http.json(Http.json(invoke("SignInFunction", "sign-in.json", demo, Map.of("email", address,
                "password", "a brand new passphrase"), 200)).get("body").asText()).get("access_token").asText();
        invoke("ChangeEmailFunction", "change-email.json", new EventPlaceholders.Values(demo.appId(), demo.appSecret(),
                demo.apiKey(), demo.installAccessToken(), demo.installRefreshToken(), demo.installId(), demo.userId(),
                demo.code(), demo.anonymousInstallToken(), () -> session), Map.of("email",
                "moved-" + address, "password", "a brand new passphrase"), 202);
        runtime.pollEventSources();
        invoke("ConfirmAccountFunction", "confirm-account.json", demo, Map.of("token", lastMailToken()), 200);
        invoke("SignInFunction", "sign-in.json", demo, Map.of("email", "moved-" + address,
                "password", "a brand new passphrase"), 200);
        // The notice to the old address carries a link back, used in the reset's role: the account moves home.
        runtime.pollEventSources();
        invoke("ResetPasswordFunction", "reset-password.json", demo, Map.of("token", lastMailToken()), 204);
        invoke("SignInFunction", "sign-in.json", demo, Map.of("email", address, "password", "a brand new passphrase"), 200);
        // At an international domain, registration condition-checks the claim under the address's IDNA spelling.
        invoke("RegisterAccountFunction", "register-account.json", demo,
                Map.of("email", "policy-" + UUID.randomUUID() + "@bücher.example"), 202);
        runtime.pollEventSources();
        runtime.ses().failNextSends(Integer.MAX_VALUE);
        invoke("RegisterAccountFunction", "register-account.json", demo, Map.of("email", "dead-" + address), 202);
        while (runtime.pollEventSources() > 0) {
            // Each poll retries the failing batch once, until it goes to the dead-letter queue.
        }
        runtime.ses().failNextSends(0);
    }

    /**
     * What the events/ files cannot show for deletions (the route's replay finishes its own): a deletion stopped after
     * its first transaction, as a timeout would stop it, leaving an install beyond what that transaction ends active,
     * its refresh token working; the customer does not send it again, and the finisher, fed by the stream, ends it.
     * One install that the first transaction ended is listed under the user again, as a deletion before f96b857 left
     * the installs its later batches ended: the finisher's first batch conflicts on it, and it reads the installs'
     * own items (its policy's {@code GetItem}) to end only the one still linked.
     */
    private static void finishADeletionThatStoppedPartWay() {
        EventPlaceholders.Values demo = InvokeCommand.demoWorld(runtime);
        // Every install active, so each has a refresh token that works until its install ends.
        App app = runtime.operatorAdministration().updateSettings(demo.appId(),
                settings -> settings.withDevicePolicy(DevicePolicy.MANY_ACTIVE));
        Components harness = runtime.harness();
        String externalId = "policy-deleted-" + UUID.randomUUID();
        List<String> refreshTokens = new ArrayList<>();
        for (int install = 0; install <= UserDeletion.INSTALLS_PER_TRANSACTION; install++) {
            AnonymousInstall registered = harness.installService().register(app,
                    new Registration(Platform.ANDROID, DeviceClass.TABLET, "1.0.0", Optional.empty()));
            harness.linkService().link(app, registered.install().installId(), externalId);
            refreshTokens.add(registered.tokens().refreshToken());
        }
        String userId = harness.userDirectory().byExternalId(app, externalId, HistoryWindow.NEWEST).user().userId();
        List<Map<String, AttributeValue>> copiesBefore = copiesOfInstalls(userId);
        Components stopping = stoppingAt(TransactWriteItemsRequest.class, 2, "after the first transaction");
        assertThrows(IllegalStateException.class, () -> stopping.userDeletion().delete(app, userId));
        List<Map<String, AttributeValue>> copiesLeft = copiesOfInstalls(userId);
        Map<String, AttributeValue> ended = copiesBefore.stream().filter(copy -> !copiesLeft.contains(copy))
                .findFirst().orElseThrow();
        try (DynamoDbClient table = harnessTable()) {
            table.putItem(r -> r.tableName(LocalAws.TABLE_NAME).item(ended));
        }
        refreshingBeforeTheFinisher = refreshing(harness, refreshTokens);
        runtime.pollEventSources();
        refreshingAfterTheFinisher = refreshing(harness, refreshTokens);
        copiesAfterTheFinisher = copiesOfInstalls(userId).size();
    }

    /**
     * The harness's components over a DynamoDB client that fails, as a timeout would, from the {@code nth} request of
     * {@code kind} on: a deletion stopped {@code where}.
     */
    private static Components stoppingAt(Class<? extends SdkRequest> kind, int nth, String where) {
        return runtime.harness(DynamoDbClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(
                new ExecutionInterceptor() {
                    private int seen;

                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (kind.isInstance(context.request()) && ++seen >= nth) {
                            throw new IllegalStateException("stopped " + where + ", as a timeout would");
                        }
                    }
                })));
    }

    /** The items that list a user's installs under its partition, as the table has them. */
    private static List<Map<String, AttributeValue>> copiesOfInstalls(String userId) {
        try (DynamoDbClient table = harnessTable()) {
            return table.queryPaginator(r -> r.tableName(LocalAws.TABLE_NAME).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :copy)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + userId),
                            ":copy", AttributeValue.fromS("INSTALL#")))).items().stream().toList();
        }
    }

    private static DynamoDbClient harnessTable() {
        return LocalAwsClients.build(DynamoDbClient.builder(), runtime.endpoint(), runtime.principal(LocalAws.HARNESS).key());
    }

    /**
     * A deletion the finisher cannot finish, however often it tries: the record that it began, beside a user item that
     * cannot be read (as a stand-in for a failure that outlasts every retry). Its batch goes to the deletion
     * dead-letter queue.
     */
    private static void failToFinishADeletionUntilItsBatchGoesToTheDeadLetterQueue() throws IOException {
        String partition = "USER#usr_unreadable" + UUID.randomUUID().toString().replace("-", "");
        List<Map<String, AttributeValue>> items = Stream.of("USER", "DELETION")
                .map(sortKey -> Map.of("pk", AttributeValue.fromS(partition), "sk", AttributeValue.fromS(sortKey))).toList();
        try (DynamoDbClient harness = harnessTable()) {
            items.forEach(item -> harness.putItem(r -> r.tableName(LocalAws.TABLE_NAME).item(item)));
            while (runtime.pollEventSources() > 0) {
                // Each poll retries the failing batch once, until it goes to the dead-letter queue.
            }
            items.forEach(key -> harness.deleteItem(r -> r.tableName(LocalAws.TABLE_NAME).key(key)));
        }
        deadLetterBatches = deletionDeadLetterQueue();
    }

    /** The batches waiting in the deletion dead-letter queue. */
    private static List<JsonNode> deletionDeadLetterQueue() throws IOException {
        return Http.jsonEach(runtime.sqs().messages(LocalDeployment.queueName("DeletionDeadLetterQueue")));
    }

    /** How many of the refresh tokens still refresh; each that does is replaced by its successor. */
    private static int refreshing(Components harness, List<String> refreshTokens) {
        int refreshing = 0;
        for (int i = 0; i < refreshTokens.size(); i++) {
            try {
                refreshTokens.set(i, harness.refreshService().refresh(refreshTokens.get(i)).tokens().refreshToken());
                refreshing++;
            } catch (GrantException refused) {
                // Its family is revoked: the install ended.
            }
        }
        return refreshing;
    }

    /** Replays an events/ file through its function with fields of its body replaced; the response's status. */
    /** Invokes {@code function} with its event, {@code body}'s fields set in its body; the function's response. */
    private static String invoke(String function, String eventFile, EventPlaceholders.Values demo, Map<String, String> body,
                                 int expectedStatus) throws Exception {
        ObjectNode event = (ObjectNode) Http.json(EventPlaceholders.substitute(
                Files.readString(ServeProcess.PROJECT.resolve("events").resolve(eventFile)), demo));
        ObjectNode fields = (ObjectNode) Http.json(event.get("body").asText());
        body.forEach(fields::put);
        event.put("body", fields.toString());
        String response = runtime.function(function).invoke(event.toString());
        assertEquals(expectedStatus, Http.json(response).get("statusCode").asInt(), response);
        return response;
    }

    private static String lastMailToken() throws Exception {
        String mail = Files.readString(runtime.ses().sent().getLast().file());
        Matcher token = Pattern.compile("ulm_[A-Za-z0-9_.-]+").matcher(mail);
        assertTrue(token.find(), mail);
        return token.group();
    }

    /** The functions that read the secret named {@code name} before the key ring's first rotation, in order of name. */
    private static List<String> readersBeforeTheFirstRotation(String name) {
        int firstRotation = indexOf(access -> access.principal().equals("RotateKeyRingFunction"));
        return ACCESSES.subList(0, firstRotation).stream()
                .filter(access -> access.action().equals("secretsmanager:GetSecretValue")
                        && access.resource().contains(":secret:" + name + "-"))
                .map(Access::principal).distinct().sorted().toList();
    }

    private static int indexOf(Predicate<Access> wanted) {
        for (int i = 0; i < ACCESSES.size(); i++) {
            if (wanted.test(ACCESSES.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such call");
    }

    private static String functionFor(SamTemplate template, String routeKey) {
        return template.routes().stream()
                .filter(route -> routeKey.equals(route.path().equals("$default") ? "$default" : route.method() + " " + route.path()))
                .findFirst().orElseThrow(() -> new AssertionError("no route for " + routeKey))
                .functionLogicalId();
    }
}
