package io.userlink.bench;

import io.userlink.app.App;
import io.userlink.install.AnonymousInstall;
import io.userlink.local.EventPlaceholders;
import io.userlink.refresh.RefreshTokens;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The functions the cold-start benchmarks measure, each with how to prepare one run: fresh data (a new install, a
 * new external id, a new user) so that every run takes the same path, its event, the status its success path
 * answers, and the AWS calls its floor makes in the same order.
 */
final class FunctionCases {

    private FunctionCases() {}

    /** A function's event for one run, the status its success path answers, and the calls its floor makes. */
    record Prepared(String event, int expectedStatus, List<String> floorCalls) {}

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
        String keyRing = "sm:" + world.settings().keyRingSecretId();
        String unknownExternalId = "cget:APP#" + app.appId() + "#EXT#none|EXT";
        String unknownEmail = "cget:APP#" + app.appId() + "#EMAIL#none|EMAIL";
        return List.of(
                fixed(world, "OpenIdConfigurationFunction", "openid-configuration.json", 200, List.of()),
                fixed(world, "NotFoundFunction", "not-found.json", 404, List.of()),
                fixed(world, "JwksFunction", "jwks.json", 200, List.of(keyRing)),
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
                            List.of(keyRing, "verify", "cget:" + installKey(install), "cget:" + familyKey(install)));
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
                            installFamily, "update:APP#" + app.appId() + "#LOGIN#none|LOGIN_ATTEMPTS", unknownEmail,
                            "cget:USER#none|ACCOUNT", "hash", "delete:APP#" + app.appId() + "#LOGIN#none|LOGIN_ATTEMPTS",
                            "cget:" + installKey(install), installFamily, "cget:USER#none|USER", "tx:11", "sign"));
                }),
                new Case("LookupUserFunction", () -> {
                    String userId = world.linkToNewUser(world.register());
                    return new Prepared(world.event("lookup-user.json", world.register(), userId), 200,
                            List.of(appKey, credentials, "query:USER#" + userId));
                }),
                new Case("DeleteUserFunction", () -> {
                    String userId = world.linkToNewUser(world.register());
                    return new Prepared(world.event("delete-user.json", world.register(), userId), 204, List.of(appKey, credentials,
                            "query:USER#" + userId, "tx:5", "query:USER#" + userId, "batch:2"));
                }));
    }

    private static Case fixed(BenchWorld world, String logicalId, String eventFile, int expectedStatus, List<String> floorCalls) {
        return new Case(logicalId, () -> new Prepared(world.event(eventFile, world.register(), "unused"), expectedStatus,
                floorCalls));
    }

    /** The refresh family of the install's login: the session its access token names. */
    private static String familyKey(AnonymousInstall install) {
        return "FAMILY#" + RefreshTokens.familyIdOf(install.tokens().refreshToken()).orElseThrow() + "|FAMILY";
    }

    private static String installKey(AnonymousInstall install) {
        return "INSTALL#" + install.install().installId() + "|INSTALL";
    }

}
