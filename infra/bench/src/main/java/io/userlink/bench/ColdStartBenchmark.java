package io.userlink.bench;

import io.userlink.app.App;
import io.userlink.config.Settings;
import io.userlink.install.AnonymousInstall;
import io.userlink.local.EventPlaceholders;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import io.userlink.local.iam.AccessKey;
import io.userlink.refresh.RefreshTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The cold start benchmark: for each function, fresh JVMs that load its handler and invoke it once with its
 * event, interleaved with fresh JVMs of its floor (same flags and classpath, only the irreducible work),
 * against the stand-ins in another process. Under default flags, C1 only, and the JDK's AOT cache. Prints a
 * Markdown table. Local figures (this machine), not Lambda's.
 *
 * <p>Usage: {@code java -jar infra/bench/target/userlink-bench.jar [runs [function]]} from the project root
 * ({@code function} keeps the functions whose logical id contains it), after
 * {@code ./mvnw package -DskipTests}.
 */
public final class ColdStartBenchmark {

    /** A function's event for one run, the status its success path answers, and the calls its floor makes. */
    record Prepared(String event, int expectedStatus, List<String> floorCalls) {}

    /** A function under test, and how to prepare one cold run of it. */
    record Case(String logicalId, Preparer preparer) {}

    interface Preparer {
        Prepared prepare() throws IOException;
    }

    private final Path project;
    private final BenchWorld world;

    private ColdStartBenchmark(Path project, BenchWorld world) {
        this.project = project;
        this.world = world;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String only = args.length > 1 ? args[1] : "";
        Path project = SamTemplate.locate(Path.of("")).getParent();
        try (StandIns.Running aws = StandIns.start(project)) {
            AccessKey harness = aws.key(LocalAws.HARNESS);
            ColdStartBenchmark benchmark = new ColdStartBenchmark(project, BenchWorld.seed(project, BenchWorld.settings(aws),
                    LocalAwsClients.build(DynamoDbClient.builder(), aws.endpoint(), harness),
                    LocalAwsClients.build(SecretsManagerClient.builder(), aws.endpoint(), harness)));
            benchmark.run(benchmark.cases().stream().filter(c -> c.logicalId().contains(only)).toList(), runs, aws);
        }
    }

    private void run(List<Case> cases, int runs, StandIns.Running aws) throws Exception {
        Path work = Files.createTempDirectory("userlink-bench");
        Map<String, String> environment = new LinkedHashMap<>();
        Settings settings = world.settings();
        environment.put("TABLE_NAME", settings.tableName());
        environment.put("KEY_RING_SECRET_ID", settings.keyRingSecretId());
        environment.put("APP_CREDENTIALS_SECRET_PREFIX", settings.appCredentialsSecretPrefix());
        environment.put("TOKEN_ISSUER", settings.tokenIssuer().toString());
        environment.put("CREDENTIALS_CACHE_SECONDS", Long.toString(settings.credentialsCachePeriod().toSeconds()));
        environment.put("KEY_RING_CACHE_SECONDS", Long.toString(settings.keyRingCachePeriod().toSeconds()));
        environment.put("AWS_REGION", LocalDeployment.REGION);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", aws.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoint().toString());
        String classpath = String.join(":", project.resolve("functions/target/userlink-functions.jar").toString(),
                probesJar().toString(), serializerJar().toString());
        Map<String, List<String>> flagSets = new LinkedHashMap<>();
        flagSets.put("default", List.of());
        flagSets.put("C1 (TieredStopAtLevel=1)", List.of("-XX:TieredStopAtLevel=1"));
        flagSets.put("AOT cache", List.of("AOT"));
        System.out.println("| function | flags | function median ms | function max ms | floor median ms | function / floor | function peak RSS MB | floor peak RSS MB |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Case benchCase : cases) {
            // The function and its floor call AWS as the function's role, as Lambda gives it without SnapStart.
            Map<String, String> functionEnvironment = new LinkedHashMap<>(environment);
            AccessKey role = aws.key(benchCase.logicalId());
            functionEnvironment.put("AWS_ACCESS_KEY_ID", role.id());
            functionEnvironment.put("AWS_SECRET_ACCESS_KEY", role.secret());
            role.sessionToken().ifPresent(token -> functionEnvironment.put("AWS_SESSION_TOKEN", token));
            for (Map.Entry<String, List<String>> flags : flagSets.entrySet()) {
                ProbeRunner runner = new ProbeRunner(classpath, functionEnvironment, work, benchCase.logicalId());
                List<String> functionFlags = flags.getValue();
                List<String> floorFlags = flags.getValue();
                if (flags.getValue().equals(List.of("AOT"))) {
                    // JDK 25 one-step AOT cache: a training run writes it, the measured runs use it.
                    Prepared training = benchCase.preparer().prepare();
                    functionFlags = runner.trainFunction(handlerOf(benchCase.logicalId()), training);
                    floorFlags = runner.trainFloor(training);
                }
                List<ProbeRunner.Result> function = new ArrayList<>();
                List<ProbeRunner.Result> floor = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    Prepared prepared = benchCase.preparer().prepare();
                    function.add(runner.function(functionFlags, handlerOf(benchCase.logicalId()), prepared));
                    floor.add(runner.floor(floorFlags, prepared));
                    requireSameCalls(benchCase, function.getLast(), floor.getLast());
                }
                double functionMedian = ProbeRunner.median(function);
                double floorMedian = ProbeRunner.median(floor);
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f |%n", benchCase.logicalId(),
                        flags.getKey(), functionMedian, ProbeRunner.max(function), floorMedian, functionMedian / floorMedian,
                        ProbeRunner.medianRss(function), ProbeRunner.medianRss(floor));
            }
        }
    }

    /** A floor that makes other AWS calls than its function measures something else: stop. */
    private static void requireSameCalls(Case benchCase, ProbeRunner.Result function, ProbeRunner.Result floor) {
        if (!function.calls().equals(floor.calls())) {
            throw new IllegalStateException(benchCase.logicalId() + ": the function made the AWS calls ["
                    + function.calls() + "], its floor [" + floor.calls() + "]; update the floor's call list");
        }
    }

    private String handlerOf(String logicalId) {
        String handler = SamTemplate.read(project.resolve("template.yaml")).function(logicalId).orElseThrow().handler();
        return handler.substring(0, handler.indexOf("::"));
    }

    private List<Case> cases() {
        App app = world.app();
        String appKey = "get:APP#" + app.appId() + "|APP";
        String credentials = "sm:" + world.settings().appCredentialsSecretPrefix() + app.appId();
        String keyRing = "sm:" + world.settings().keyRingSecretId();
        String unknownExternalId = "cget:APP#" + app.appId() + "#EXT#none|EXT";
        String unknownEmail = "cget:APP#" + app.appId() + "#EMAIL#none|EMAIL";
        return List.of(
                fixed("OpenIdConfigurationFunction", "openid-configuration.json", 200, List.of()),
                fixed("NotFoundFunction", "not-found.json", 404, List.of()),
                fixed("JwksFunction", "jwks.json", 200, List.of(keyRing)),
                fixed("RegisterInstallFunction", "register-install.json", 201,
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

    private Case fixed(String logicalId, String eventFile, int expectedStatus, List<String> floorCalls) {
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

    private Path probesJar() throws IOException {
        try (var files = Files.list(project.resolve("infra/bench/target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-probes.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build first: ./mvnw package -DskipTests"));
        }
    }

    private Path serializerJar() throws IOException {
        try (var files = Files.list(project.resolve("infra/bench/target/probe-lib"))) {
            return files.findFirst().orElseThrow();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
