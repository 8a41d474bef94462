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
 * <p>Usage: {@code java -jar infra/bench/target/userlink-bench.jar [runs]} from the project root, after
 * {@code ./mvnw package -DskipTests}.
 */
public final class ColdStartBenchmark {

    private static final String TABLE = "userlink";
    private static final String KEY_RING = "bench/key-ring";
    private static final String APP_SECRETS = "bench/apps/";
    private static final URI ISSUER = URI.create("https://bench.userlink.test");

    /** A function's event for one run, and the calls its floor makes. */
    record Prepared(String event, List<String> floorCalls) {}

    /** A function under test. */
    interface Case {
        String logicalId();

        Prepared prepare(Path workDirectory) throws IOException;
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
            benchmark.run(runs, dynamoDbEndpoint, secretsEndpoint);
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

    private void run(int runs, URI dynamoDbEndpoint, URI secretsEndpoint) throws Exception {
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
        for (Case benchCase : cases()) {
            for (Map.Entry<String, List<String>> flags : flagSets.entrySet()) {
                ProbeRunner runner = new ProbeRunner(classpath, environment, work, benchCase.logicalId());
                List<String> functionFlags = flags.getValue();
                List<String> floorFlags = flags.getValue();
                if (flags.getValue().equals(List.of("AOT"))) {
                    // JDK 25 one-step AOT cache: a training run writes it, the measured runs use it.
                    Prepared training = benchCase.prepare(work);
                    functionFlags = runner.trainFunction(handlerOf(benchCase.logicalId()), training);
                    floorFlags = runner.trainFloor(training);
                }
                List<ProbeRunner.Result> function = new ArrayList<>();
                List<ProbeRunner.Result> floor = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    Prepared prepared = benchCase.prepare(work);
                    function.add(runner.function(functionFlags, handlerOf(benchCase.logicalId()), prepared));
                    floor.add(runner.floor(floorFlags, prepared));
                }
                double functionMedian = ProbeRunner.median(function);
                double floorMedian = ProbeRunner.median(floor);
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f |%n", benchCase.logicalId(),
                        flags.getKey(), functionMedian, ProbeRunner.max(function), floorMedian, functionMedian / floorMedian,
                        ProbeRunner.medianRss(function), ProbeRunner.medianRss(floor));
            }
        }
    }

    private String handlerOf(String logicalId) {
        String handler = SamTemplate.read(project.resolve("template.yaml")).function(logicalId).orElseThrow().handler();
        return handler.substring(0, handler.indexOf("::"));
    }

    private List<Case> cases() {
        String appKey = "APP#" + app.appId() + "|APP";
        String credentials = "sm:" + APP_SECRETS + app.appId();
        return List.of(
                simple("OpenIdConfigurationFunction", "openid-configuration.json", List.of()),
                simple("JwksFunction", "jwks.json", List.of("sm:" + KEY_RING)),
                simple("RegisterInstallFunction", "register-install.json",
                        List.of("get:" + appKey, credentials, "sm:" + KEY_RING, "tx:2", "sign")),
                new Case() {
                    public String logicalId() {
                        return "RefreshTokenFunction";
                    }

                    public Prepared prepare(Path work) throws IOException {
                        RegisteredInstall install = register();
                        String family = RefreshTokens.familyIdOf(install.tokens().refreshToken()).orElseThrow();
                        String event = event("refresh-token.json", install, "unused");
                        return new Prepared(event, List.of("sm:" + KEY_RING, "cget:FAMILY#" + family + "|FAMILY",
                                "update:FAMILY#" + family + "|FAMILY", "sign"));
                    }
                },
                new Case() {
                    public String logicalId() {
                        return "LinkInstallFunction";
                    }

                    public Prepared prepare(Path work) throws IOException {
                        RegisteredInstall install = register();
                        String event = event("link-install.json", install, "unused")
                                .replace(EventPlaceholders.EXTERNAL_ID, "bench-" + UUID.randomUUID());
                        String installKey = "INSTALL#" + install.install().installId() + "|INSTALL";
                        return new Prepared(event, List.of("get:" + appKey, credentials, "cget:" + installKey,
                                "cget:APP#" + app.appId() + "#EXT#none|EXT", "tx:7"));
                    }
                });
    }

    private Case simple(String logicalId, String eventFile, List<String> floorCalls) {
        return new Case() {
            public String logicalId() {
                return logicalId;
            }

            public Prepared prepare(Path work) throws IOException {
                return new Prepared(event(eventFile, register(), "unused"), floorCalls);
            }
        };
    }

    private RegisteredInstall register() {
        return components.installService().register(app,
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.of("Pixel 9")));
    }

    private String event(String file, RegisteredInstall install, String userId) throws IOException {
        return EventPlaceholders.substitute(Files.readString(project.resolve("events").resolve(file)),
                new EventPlaceholders.Values(app.appId(), appSecret, apiKey, install.tokens().accessToken().value(),
                        install.tokens().refreshToken(), install.install().installId(), userId,
                        () -> components.authCodeService().issue(app, EventPlaceholders.EXTERNAL_ID).code()));
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
