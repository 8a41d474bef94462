package io.userlink.bench;

import io.userlink.app.App;
import io.userlink.identity.Timebox;
import io.userlink.install.AnonymousInstall;
import io.userlink.json.Json;
import io.userlink.local.EventPlaceholders;
import io.userlink.refresh.RefreshTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The functions the cold-start benchmarks measure, each with how to prepare one run: fresh data (a new install, a
 * new external id, a new user) so that every run takes the same path, its event, the status its success path
 * answers, and the AWS calls its floor makes in the same order.
 */
final class FunctionCases {

    private FunctionCases() {}

    /** A function's event for one run, the status its success path answers, and the calls its floor makes. */
    record Prepared(String event, int expectedStatus, List<String> floorCalls) {

        /**
         * Writes the event to a new file in {@code directory}, named after {@code name}, for a probe to read: as one
         * line, the way API Gateway sends it and the Lambda runtime hands it to a stream handler, not indented as
         * the {@code events/} files are for people to read.
         */
        Path write(Path directory, String name) throws IOException {
            Path file = Files.createTempFile(directory, name, ".json");
            Files.writeString(file, Json.write(Json.parse(event)));
            return file;
        }
    }

    /** A function under test, and how to prepare one cold run of it. */
    record Case(String logicalId, Preparer preparer) {}

    interface Preparer {
        Prepared prepare() throws IOException;
    }

    /** One case per function the benchmarks measure. */
    static List<Case> all(BenchWorld world) {
        App app = world.app();
        String appKey = "get:APP#" + app.appId() + "|APP";
        String credentials = "sm:" + world.settings().appCredentialsSecretPrefix() + app.appId();
        String keyRingId = world.settings().keyRingSecretId();
        String keyRing = "sm:" + keyRingId;
        String publicKeys = "sm:" + world.settings().publicKeysSecretId();
        String unknownExternalId = "cget:APP#" + app.appId() + "#EXT#none|EXT";
        String unknownEmail = "cget:APP#" + app.appId() + "#EMAIL#none|EMAIL";
        String loginAttempts = "APP#" + app.appId() + "#LOGIN#none|LOGIN_ATTEMPTS";
        // The requests that answer alike for any address wait out their timebox from their first read of the address.
        String unboxed = "unbox:" + Timebox.ACCOUNT_MAIL_REQUESTS.toMillis();
        return List.of(
                fixed(world, "OpenIdConfigurationFunction", "openid-configuration.json", 200, List.of()),
                fixed(world, "NotFoundFunction", "not-found.json", 404, List.of()),
                fixed(world, "JwksFunction", "jwks.json", 200, List.of(publicKeys, "jwks")),
                fixed(world, "RegisterInstallFunction", "register-install.json", 201,
                        List.of(appKey, credentials, keyRing, "tx:2", "sign")),
                new Case("RefreshTokenFunction", () -> {
                    AnonymousInstall install = world.register();
                    String family = familyKey(install);
                    return new Prepared(world.event("refresh-token.json", install, "unused"), 200,
                            List.of(keyRing, "cget:" + family, "update:" + family, "sign"));
                }),
                new Case("LinkInstallFunction", () -> {
                    AnonymousInstall install = world.register();
                    String event = world.event("link-install.json", install, "unused")
                            .replace(EventPlaceholders.EXTERNAL_ID, BenchWorld.newExternalId());
                    return new Prepared(event, 200, List.of(appKey, credentials, "cget:" + installKey(install),
                            unknownExternalId, "tx:7"));
                }),
                new Case("InstallStatusFunction", () -> {
                    AnonymousInstall install = world.register();
                    return new Prepared(world.event("install-status.json", install, "unused"), 200,
                            List.of(publicKeys, "verify", "cget:" + installKey(install), "cget:" + familyKey(install)));
                }),
                new Case("IssueAuthCodeFunction", () -> new Prepared(world.event("issue-auth-code.json", world.register(),
                        "unused").replace(EventPlaceholders.EXTERNAL_ID, BenchWorld.newExternalId()), 201,
                        List.of(appKey, credentials, "put", unknownExternalId))),
                new Case("CreateUserFunction", () -> {
                    AnonymousInstall install = world.register();
                    String code = world.code(BenchWorld.newExternalId());
                    return new Prepared(world.event("create-user.json", install, "unused", code), 201, List.of(keyRing,
                            "verify", appKey, "cget:" + installKey(install), "cget:" + familyKey(install), "cget:CODE#none|CODE",
                            unknownExternalId,
                            "tx:9", "sign"));
                }),
                new Case("ResetInstallFunction", () -> {
                    AnonymousInstall install = world.register();
                    String userId = world.linkToNewUser(install);
                    return new Prepared(world.event("reset-install.json", install, userId), 200, List.of(keyRing, "verify",
                            appKey, "cget:" + installKey(install), "cget:" + familyKey(install), "cget:USER#" + userId + "|USER",
                            "tx:6", "sign"));
                }),
                new Case("RegisterAccountFunction", () -> {
                    AnonymousInstall install = world.register();
                    String event = world.event("register-account.json", install, "unused")
                            .replace("bea@example.com", BenchWorld.newExternalId() + "@example.com");
                    List<String> attempt = List.of("cget:" + installKey(install), "cget:" + familyKey(install), unknownEmail);
                    List<String> calls = new ArrayList<>(List.of(keyRing, "verify", appKey, unknownEmail, "hash"));
                    calls.addAll(attempt);
                    calls.addAll(List.of("tx:9", "sign"));
                    return new Prepared(event, 201, calls);
                }),
                new Case("SignInFunction", () -> {
                    AnonymousInstall install = world.register();
                    String event = world.event("sign-in.json", install, "unused")
                            .replace(EventPlaceholders.ACCOUNT_EMAIL, world.signInAccount());
                    String installFamily = "cget:" + familyKey(install);
                    return new Prepared(event, 200, List.of(keyRing, "verify", appKey, "cget:" + installKey(install),
                            installFamily, "update:" + loginAttempts, unknownEmail, "cget:USER#none|ACCOUNT", "hash",
                            "delete:" + loginAttempts,
                            "cget:" + installKey(install), installFamily, "cget:USER#none|USER", "tx:11", "sign"));
                }),
                accountCase(world, "AccountFunction", "get-account.json", 200, account -> List.of(publicKeys, "verify",
                        appKey, installKey(account), sessionKey(account), accountKey(account))),
                accountCase(world, "SignOutFunction", "sign-out.json", 200, account -> List.of(keyRing, "verify", appKey,
                        installKey(account), sessionKey(account), "query:USER#" + account.userId(), installKey(account),
                        sessionKey(account), "cget:USER#" + account.userId() + "|USER", "tx:6", "sign")),
                accountCase(world, "ChangePasswordFunction", "change-password.json", 204, account -> List.of(publicKeys,
                        "verify", appKey, installKey(account), sessionKey(account), accountKey(account),
                        "update:" + loginAttempts, unknownEmail, accountKey(account), "hash", "delete:" + loginAttempts,
                        "hash", "query:USER#" + account.userId(), installKey(account), sessionKey(account),
                        accountKey(account), "tx:3", "query:USER#" + account.userId())),
                accountCase(world, "DeleteAccountFunction", "delete-account.json", 204, account -> List.of(publicKeys,
                        "verify", appKey, installKey(account), sessionKey(account), accountKey(account),
                        "update:" + loginAttempts, unknownEmail, accountKey(account), "hash", "delete:" + loginAttempts,
                        "query:USER#" + account.userId(), "tx:10", "query:USER#" + account.userId(), "batch:3", "batch:1")),
                accountCase(world, "ChangeEmailFunction", "change-email.json", 202, account -> List.of(keyRing,
                        "verify", appKey, installKey(account), sessionKey(account), accountKey(account),
                        "update:" + loginAttempts, unknownEmail, accountKey(account), "hash", "delete:" + loginAttempts,
                        "box", unknownEmail, installKey(account), sessionKey(account), accountKey(account), "tx:4", unboxed)),
                accountCase(world, "IntrospectTokenFunction", "introspect-token.json", 200, account -> List.of(appKey,
                        credentials, publicKeys, "verify", installKey(account), sessionKey(account))),
                accountCase(world, "ResendConfirmationFunction", "resend-confirmation.json", 202, account -> List.of(
                        keyRing, "verify", appKey, "box", unknownEmail, accountKey(account), "tx:4", unboxed)),
                accountCase(world, "RequestPasswordResetFunction", "request-password-reset.json", 202,
                        account -> List.of(keyRing, "verify", appKey, "box", unknownEmail, accountKey(account), "tx:4",
                                unboxed)),
                mailLinkCase(world, "ConfirmAccountFunction", "confirm-account.json", 200, world::confirmationToken,
                        (account, token) -> List.of(keyRing, "verify", appKey, "cget:MAILTOKEN#" + token.tokenId()
                                + "|MAIL_TOKEN", accountKey(account), "tx:2")),
                mailLinkCase(world, "ResetPasswordFunction", "reset-password.json", 204, world::passwordResetToken,
                        (account, token) -> List.of(keyRing, "verify", appKey, "cget:MAILTOKEN#" + token.tokenId()
                                + "|MAIL_TOKEN", accountKey(account), "query:USER#" + account.userId(), "tx:5",
                                "cget:MAILTOKEN#" + token.tokenId() + "|MAIL_TOKEN", accountKey(account), "hash", "tx:4",
                                "query:USER#" + account.userId(), "delete:" + loginAttempts)),
                new Case("LookupUserFunction", () -> {
                    String userId = world.linkToNewUser(world.register());
                    return new Prepared(world.event("lookup-user.json", world.register(), userId), 200,
                            List.of(appKey, credentials, "query:USER#" + userId));
                }),
                new Case("DeleteUserFunction", () -> {
                    String userId = world.linkToNewUser(world.register());
                    return new Prepared(world.event("delete-user.json", world.register(), userId), 204, List.of(appKey, credentials,
                            "query:USER#" + userId, "tx:7", "query:USER#" + userId, "batch:3", "batch:1"));
                }),
                new Case("FinishDeletionFunction", () -> {
                    BenchWorld.DeletedUser deleted = world.deletedUser();
                    return new Prepared(deleted.event(), 200, List.of("query:USER#" + deleted.userId(),
                            "query:USER#" + deleted.userId(), "batch:1"));
                }),
                new Case("SendMailFunction", () -> {
                    BenchWorld.QueuedMail queued = world.newAccountMail();
                    String outboxItem = queued.mail().tableKey();
                    return new Prepared(queued.mail().event(), 200, List.of("update:" + outboxItem, appKey,
                            accountKey(queued.account()), keyRing, "mail", "mark:" + outboxItem));
                }),
                // Secrets Manager's first step of a rotation, in a new environment (the rotation has no SnapStart).
                new Case("RotateKeyRingFunction", () -> new Prepared(Json.write(Map.of("SecretId", keyRingId,
                        "ClientRequestToken", world.stageKeyRingRotation(), "Step", "createSecret")), 200,
                        List.of("describe:" + keyRingId, "pending:" + keyRingId, keyRing, "rotate",
                                "put-pending:" + keyRingId))));
    }

    /** A function whose event is presented for a new account (its user token, its address), signed in on its install. */
    private static Case accountCase(BenchWorld world, String logicalId, String eventFile, int expectedStatus,
                                    Function<BenchWorld.SignedIn, List<String>> floorCalls) {
        return new Case(logicalId, () -> {
            BenchWorld.SignedIn account = world.newAccount();
            return new Prepared(world.event(eventFile, account), expectedStatus, floorCalls.apply(account));
        });
    }

    /**
     * A function whose event presents the token of a link mailed to a new account (from an install of its own, whose
     * anonymous token the event presents).
     */
    private static Case mailLinkCase(BenchWorld world, String logicalId, String eventFile, int expectedStatus,
                                     Function<BenchWorld.SignedIn, BenchWorld.MailedToken> mail,
                                     BiFunction<BenchWorld.SignedIn, BenchWorld.MailedToken, List<String>> floorCalls) {
        return new Case(logicalId, () -> {
            BenchWorld.SignedIn account = world.newAccount();
            BenchWorld.MailedToken token = mail.apply(account);
            String event = world.event(eventFile, world.register(), "unused")
                    .replaceAll("ulm_[A-Za-z0-9_.-]+", token.token());
            return new Prepared(event, expectedStatus, floorCalls.apply(account, token));
        });
    }

    private static Case fixed(BenchWorld world, String logicalId, String eventFile, int expectedStatus, List<String> floorCalls) {
        return new Case(logicalId, () -> new Prepared(world.event(eventFile, world.register(), "unused"), expectedStatus,
                floorCalls));
    }

    /** The refresh family of the install's login: the session its access token names. */
    private static String familyKey(AnonymousInstall install) {
        return "FAMILY#" + RefreshTokens.familyIdOf(install.tokens().refreshToken()).orElseThrow() + "|FAMILY";
    }

    /** The consistent reads of a signed-in account's install, session and account. */
    private static String installKey(BenchWorld.SignedIn account) {
        return "cget:" + installKey(account.install());
    }

    private static String sessionKey(BenchWorld.SignedIn account) {
        return "cget:FAMILY#" + account.familyId() + "|FAMILY";
    }

    private static String accountKey(BenchWorld.SignedIn account) {
        return "cget:USER#" + account.userId() + "|ACCOUNT";
    }

    private static String installKey(AnonymousInstall install) {
        return "INSTALL#" + install.install().installId() + "|INSTALL";
    }

}
