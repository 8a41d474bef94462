package io.userlink.bench;

import io.userlink.app.App;
import io.userlink.app.App.AppSettings;
import io.userlink.app.AppAdministration;
import io.userlink.app.AppAdministration.CreatedApp;
import io.userlink.app.Scope;
import io.userlink.config.Components;
import io.userlink.config.Settings;
import io.userlink.http.Json;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.RegisteredInstall;
import io.userlink.install.Registration;
import io.userlink.local.EventPlaceholders;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.SamTemplate;
import io.userlink.refresh.RefreshTokens;
import io.userlink.token.KeyRing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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

    private static final String TABLE = "userlink";
    private static final String KEY_RING = "bench/key-ring";
    private static final String APP_SECRETS = "bench/apps/";
    private static final URI ISSUER = URI.create("https://bench.userlink.test");

    /** A function's event for one run, the status its success path answers, and the calls its floor makes. */
    record Prepared(String event, int expectedStatus, List<String> floorCalls) {}

    /** A function under test, and how to prepare one cold run of it. */
    record Case(String logicalId, Preparer preparer) {}

    interface Preparer {
        Prepared prepare() throws IOException;
    }

    private final Path project;
    private final Components components;
    private final App app;
    private final String appSecret;
    private final String apiKey;

    private ColdStartBenchmark(Path project, Components components, App app, String appSecret, String apiKey) {
        this.project = project;
        this.components = components;
        this.app = app;
        this.appSecret = appSecret;
        this.apiKey = apiKey;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String only = args.length > 1 ? args[1] : "";
        Path project = SamTemplate.locate(Path.of("")).getParent();
        Process standIns = new ProcessBuilder(java(), "--enable-native-access=ALL-UNNAMED", "-cp", jarOf(ColdStartBenchmark.class),
                StandIns.class.getName(), project.resolve("template.yaml").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String[] ready = new BufferedReader(new InputStreamReader(standIns.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().split(" ");
            URI dynamoDbEndpoint = URI.create(ready[1]);
            URI secretsEndpoint = URI.create(ready[2]);
            ColdStartBenchmark benchmark = seed(project, dynamoDbEndpoint, secretsEndpoint);
            benchmark.run(benchmark.cases().stream().filter(c -> c.logicalId().contains(only)).toList(), runs,
                    dynamoDbEndpoint, secretsEndpoint);
        } finally {
            standIns.getOutputStream().close();
            standIns.destroy();
        }
    }

    private static ColdStartBenchmark seed(Path project, URI dynamoDbEndpoint, URI secretsEndpoint) {
        DynamoDbClient dynamoDb = LocalAwsClients.build(DynamoDbClient.builder(), dynamoDbEndpoint);
        SecretsManagerClient secrets = LocalAwsClients.build(SecretsManagerClient.builder(), secretsEndpoint);
        secrets.createSecret(r -> r.name(KEY_RING).secretString(Json.write(KeyRing.generate(new SecureRandom()).toSecretJson())));
        Components components = Components.create(new Settings(TABLE, KEY_RING, APP_SECRETS, ISSUER,
                Duration.ofSeconds(60), Duration.ofSeconds(300)), dynamoDb, secrets, InstantSource.system(), new SecureRandom());
        AppAdministration administration = new AppAdministration(components.apps(), components.appCredentials(),
                components.ids(), InstantSource.system());
        CreatedApp created = administration.createApp("bench", AppSettings.defaults());
        String apiKey = administration.createApiKey(created.app().appId(), "bench", Set.of(Scope.values()), null);
        return new ColdStartBenchmark(project, components, created.app(), created.appSecret(), apiKey);
    }

    private void run(List<Case> cases, int runs, URI dynamoDbEndpoint, URI secretsEndpoint) throws Exception {
        Path work = Files.createTempDirectory("userlink-bench");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TABLE_NAME", TABLE);
        environment.put("KEY_RING_SECRET_ID", KEY_RING);
        environment.put("APP_CREDENTIALS_SECRET_PREFIX", APP_SECRETS);
        environment.put("TOKEN_ISSUER", ISSUER.toString());
        environment.put("CREDENTIALS_CACHE_SECONDS", "60");
        environment.put("KEY_RING_CACHE_SECONDS", "300");
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_ACCESS_KEY_ID", "local");
        environment.put("AWS_SECRET_ACCESS_KEY", "local");
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsEndpoint.toString());
        String classpath = String.join(":", project.resolve("functions/target/userlink-functions.jar").toString(),
                probesJar().toString(), serializerJar().toString());
        Map<String, List<String>> flagSets = new LinkedHashMap<>();
        flagSets.put("default", List.of());
        flagSets.put("C1 (TieredStopAtLevel=1)", List.of("-XX:TieredStopAtLevel=1"));
        flagSets.put("AOT cache", List.of("AOT"));
        System.out.println("| function | flags | function median ms | function max ms | floor median ms | function / floor | function peak RSS MB | floor peak RSS MB |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Case benchCase : cases) {
            for (Map.Entry<String, List<String>> flags : flagSets.entrySet()) {
                ProbeRunner runner = new ProbeRunner(classpath, environment, work, benchCase.logicalId());
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
        String appKey = "get:APP#" + app.appId() + "|APP";
        String credentials = "sm:" + APP_SECRETS + app.appId();
        String keyRing = "sm:" + KEY_RING;
        return List.of(
                fixed("OpenIdConfigurationFunction", "openid-configuration.json", 200, List.of()),
                fixed("NotFoundFunction", "not-found.json", 404, List.of()),
                fixed("JwksFunction", "jwks.json", 200, List.of(keyRing)),
                fixed("RegisterInstallFunction", "register-install.json", 201,
                        List.of(appKey, credentials, keyRing, "tx:2", "sign")),
                new Case("RefreshTokenFunction", () -> {
                    RegisteredInstall install = register();
                    String family = "FAMILY#" + RefreshTokens.familyIdOf(install.tokens().refreshToken()).orElseThrow() + "|FAMILY";
                    return new Prepared(event("refresh-token.json", install, "unused"), 200,
                            List.of(keyRing, "cget:" + family, "update:" + family, "sign"));
                }),
                new Case("LinkInstallFunction", () -> {
                    RegisteredInstall install = register();
                    String event = event("link-install.json", install, "unused")
                            .replace(EventPlaceholders.EXTERNAL_ID, newExternalId());
                    return new Prepared(event, 200, List.of(appKey, credentials, "cget:" + installKey(install),
                            "cget:APP#" + app.appId() + "#EXT#none|EXT", "tx:7"));
                }),
                new Case("InstallStatusFunction", () -> {
                    RegisteredInstall install = register();
                    return new Prepared(event("install-status.json", install, "unused"), 200,
                            List.of(keyRing, "verify", "cget:" + installKey(install)));
                }),
                new Case("IssueAuthCodeFunction", () -> new Prepared(
                        event("issue-auth-code.json", register(), "unused").replace(EventPlaceholders.EXTERNAL_ID, newExternalId()), 201,
                        List.of(appKey, credentials, "put", "cget:APP#" + app.appId() + "#EXT#none|EXT"))),
                new Case("CreateUserFunction", () -> {
                    RegisteredInstall install = register();
                    String code = components.authCodeService().issue(app, newExternalId()).code();
                    return new Prepared(event("create-user.json", install, "unused", code), 201, List.of(keyRing, "verify", appKey,
                            "cget:" + installKey(install), "cget:CODE#none|CODE", "cget:APP#" + app.appId() + "#EXT#none|EXT",
                            "tx:9", "sign"));
                }),
                new Case("ResetInstallFunction", () -> {
                    RegisteredInstall install = register();
                    String userId = link(install);
                    return new Prepared(event("reset-install.json", install, userId), 200, List.of(keyRing, "verify", appKey,
                            "cget:" + installKey(install), "cget:USER#" + userId + "|USER", "tx:6", "sign"));
                }),
                new Case("LookupUserFunction", () -> {
                    String userId = link(register());
                    return new Prepared(event("lookup-user.json", register(), userId), 200,
                            List.of(appKey, credentials, "query:USER#" + userId));
                }),
                new Case("DeleteUserFunction", () -> {
                    String userId = link(register());
                    return new Prepared(event("delete-user.json", register(), userId), 204, List.of(appKey, credentials,
                            "query:USER#" + userId, "tx:5", "query:USER#" + userId, "batch:2"));
                }));
    }

    private Case fixed(String logicalId, String eventFile, int expectedStatus, List<String> floorCalls) {
        return new Case(logicalId, () -> new Prepared(event(eventFile, register(), "unused"), expectedStatus, floorCalls));
    }

    private static String installKey(RegisteredInstall install) {
        return "INSTALL#" + install.install().installId() + "|INSTALL";
    }

    private static String newExternalId() {
        return "bench-" + UUID.randomUUID();
    }

    /** Links the install to a new user; the user's id. */
    private String link(RegisteredInstall install) {
        return components.linkService().link(app, install.install().installId(), newExternalId()).userId();
    }

    private RegisteredInstall register() {
        return components.installService().register(app,
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.of("Pixel 9")));
    }

    private String event(String file, RegisteredInstall install, String userId) throws IOException {
        return event(file, install, userId, "unused");
    }

    private String event(String file, RegisteredInstall install, String userId, String code) throws IOException {
        return EventPlaceholders.substitute(Files.readString(project.resolve("events").resolve(file)),
                new EventPlaceholders.Values(app.appId(), appSecret, apiKey, install.tokens().accessToken().value(),
                        install.tokens().refreshToken(), install.install().installId(), userId, () -> code));
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
