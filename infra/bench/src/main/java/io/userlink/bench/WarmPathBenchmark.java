package io.userlink.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.userlink.app.App;
import io.userlink.app.App.AppSettings;
import io.userlink.app.AppAdministration;
import io.userlink.app.AppAdministration.CreatedApp;
import io.userlink.app.Scope;
import io.userlink.config.Components;
import io.userlink.config.Settings;
import io.userlink.handler.ApiHandler;
import io.userlink.handler.InstallStatusHandler;
import io.userlink.handler.LinkInstallHandler;
import io.userlink.handler.RefreshTokenHandler;
import io.userlink.handler.RegisterInstallHandler;
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
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The warm path: per route, thousands of in-process invocations of the real handler, interleaved with its
 * floor (the same DynamoDB calls issued directly, the same signature or verification), against the
 * stand-ins in another process. Reports p50 and p99 of both and of their paired difference, and the DynamoDB
 * calls and capacity units per invocation.
 *
 * <p>Usage: {@code java -cp infra/bench/target/userlink-bench.jar io.userlink.bench.WarmPathBenchmark [n]}.
 */
public final class WarmPathBenchmark {

    private static final String TABLE = "userlink";
    private static final String KEY_RING = "bench/key-ring";
    private static final String APP_SECRETS = "bench/apps/";

    /** One iteration's inputs: the event, and what the floor needs. */
    private record Iteration(APIGatewayV2HTTPEvent event, Map<String, String> keys) {}

    private interface Route {
        String name();

        ApiHandler handler();

        Iteration prepare() throws Exception;

        void floor(Iteration iteration) throws Exception;
    }

    private final Path project;
    private final Components measured;
    private final Components preparation;
    private final DynamoDbClient floorClient;
    private final CapacityRecorder measuredCapacity;
    private final CapacityRecorder floorCapacity;
    private final App app;
    private final String appSecret;
    private final String apiKey;
    private final RSASSASigner signer;
    private final RSASSAVerifier verifier;

    private WarmPathBenchmark(Path project, URI dynamoDb, URI secrets) throws Exception {
        this.project = project;
        SecretsManagerClient secretsClient = LocalAwsClients.build(SecretsManagerClient.builder(), secrets);
        KeyRing ring = KeyRing.generate(new SecureRandom());
        secretsClient.createSecret(r -> r.name(KEY_RING).secretString(Json.write(ring.toSecretJson())));
        measuredCapacity = new CapacityRecorder();
        floorCapacity = new CapacityRecorder();
        measured = components(dynamoDb, secretsClient, measuredCapacity);
        preparation = components(dynamoDb, secretsClient, new CapacityRecorder());
        floorClient = DynamoDbClient.builder().endpointOverride(dynamoDb).region(LocalAwsClients.REGION)
                .credentialsProvider(() -> LocalAwsClients.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(floorCapacity)).build();
        AppAdministration administration = new AppAdministration(preparation.apps(), preparation.appCredentials(),
                preparation.ids(), InstantSource.system());
        CreatedApp created = administration.createApp("bench", AppSettings.defaults());
        app = created.app();
        appSecret = created.appSecret();
        apiKey = administration.createApiKey(app.appId(), "bench", Set.of(Scope.values()), null);
        signer = new RSASSASigner(ring.current());
        verifier = new RSASSAVerifier(ring.current().toRSAPublicKey());
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path project = SamTemplate.locate(Path.of("")).getParent();
        Process standIns = new ProcessBuilder(ColdStartBenchmark.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                ColdStartBenchmark.jarOf(WarmPathBenchmark.class), StandIns.class.getName(),
                project.resolve("template.yaml").toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String[] ready = new BufferedReader(new InputStreamReader(standIns.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().split(" ");
            new WarmPathBenchmark(project, URI.create(ready[1]), URI.create(ready[2])).run(iterations);
        } finally {
            standIns.getOutputStream().close();
            standIns.destroy();
        }
    }

    private void run(int iterations) throws Exception {
        System.out.println("| route | route p50 ms | route p99 ms | floor p50 ms | floor p99 ms | (route - floor) p50 ms |"
                + " (route - floor) p99 ms | DynamoDB calls / call (route, floor) | capacity units / call (route, floor) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Route route : routes()) {
            for (int i = 0; i < Math.max(200, iterations / 10); i++) {
                Iteration iteration = route.prepare();
                route.handler().handleRequest(iteration.event(), null);
                route.floor(iteration);
            }
            measuredCapacity.reset();
            floorCapacity.reset();
            long[] routeNanos = new long[iterations];
            long[] floorNanos = new long[iterations];
            long[] differences = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                Iteration iteration = route.prepare();
                // Alternate which goes first, so neither always meets a warmer connection or cache.
                if (i % 2 == 0) {
                    routeNanos[i] = timeRoute(route, iteration);
                    floorNanos[i] = timeFloor(route, iteration);
                } else {
                    floorNanos[i] = timeFloor(route, iteration);
                    routeNanos[i] = timeRoute(route, iteration);
                }
                differences[i] = routeNanos[i] - floorNanos[i];
            }
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f, %.1f | %.2f, %.2f |%n",
                    route.name(), percentile(routeNanos, 50), percentile(routeNanos, 99), percentile(floorNanos, 50),
                    percentile(floorNanos, 99), percentile(differences, 50), percentile(differences, 99),
                    (double) measuredCapacity.calls() / iterations, (double) floorCapacity.calls() / iterations,
                    measuredCapacity.capacityUnits() / iterations, floorCapacity.capacityUnits() / iterations);
        }
    }

    private static long timeRoute(Route route, Iteration iteration) {
        long started = System.nanoTime();
        int status = route.handler().handleRequest(iteration.event(), null).getStatusCode();
        long elapsed = System.nanoTime() - started;
        if (status >= 300) {
            throw new IllegalStateException(route.name() + " answered " + status);
        }
        return elapsed;
    }

    private static long timeFloor(Route route, Iteration iteration) throws Exception {
        long started = System.nanoTime();
        route.floor(iteration);
        return System.nanoTime() - started;
    }

    private List<Route> routes() {
        return List.of(
                route("POST /v1/installs", new RegisterInstallHandler(measured), () -> iteration("register-install.json",
                        register(), Map.of()), it -> {
                    get("APP#" + app.appId(), "APP", false);
                    newItems(2);
                    sign();
                }),
                route("POST /v1/token", new RefreshTokenHandler(measured), () -> {
                    RegisteredInstall install = register();
                    String family = RefreshTokens.familyIdOf(install.tokens().refreshToken()).orElseThrow();
                    return iteration("refresh-token.json", install, Map.of("family", family));
                }, it -> {
                    get("FAMILY#" + it.keys().get("family"), "FAMILY", true);
                    floorClient.updateItem(r -> r.tableName(TABLE).key(key("FAMILY#" + it.keys().get("family"), "FAMILY"))
                            .updateExpression("SET floor_probe = :n")
                            .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1"))));
                    sign();
                }),
                route("POST /v2/users/{install_id}/link", new LinkInstallHandler(measured), () -> {
                    RegisteredInstall install = register();
                    Iteration base = iteration("link-install.json", install, Map.of("install", install.install().installId()));
                    base.event().setBody("{\"id\": \"bench-" + UUID.randomUUID() + "\"}");
                    return base;
                }, it -> {
                    get("APP#" + app.appId(), "APP", false);
                    get("INSTALL#" + it.keys().get("install"), "INSTALL", true);
                    get("APP#" + app.appId() + "#EXT#none", "EXT", true);
                    newItems(7);
                }),
                route("GET /v1/installs/{install_id}", new InstallStatusHandler(measured), () -> {
                    RegisteredInstall install = register();
                    return iteration("install-status.json", install, Map.of("install", install.install().installId(),
                            "token", install.tokens().accessToken().value()));
                }, it -> {
                    SignedJWT.parse(it.keys().get("token")).verify(verifier);
                    get("INSTALL#" + it.keys().get("install"), "INSTALL", true);
                }));
    }

    private interface Preparer {
        Iteration prepare() throws Exception;
    }

    private interface Floor {
        void run(Iteration iteration) throws Exception;
    }

    private static Route route(String name, ApiHandler handler, Preparer preparer, Floor floor) {
        return new Route() {
            public String name() {
                return name;
            }

            public ApiHandler handler() {
                return handler;
            }

            public Iteration prepare() throws Exception {
                return preparer.prepare();
            }

            public void floor(Iteration iteration) throws Exception {
                floor.run(iteration);
            }
        };
    }

    private RegisteredInstall register() {
        return preparation.installService().register(preparation.apps().find(app.appId()).orElseThrow(),
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.empty()));
    }

    private Iteration iteration(String file, RegisteredInstall install, Map<String, String> keys) throws Exception {
        String json = EventPlaceholders.substitute(Files.readString(project.resolve("events").resolve(file)),
                new EventPlaceholders.Values(app.appId(), appSecret, apiKey, install.tokens().accessToken().value(),
                        install.tokens().refreshToken(), install.install().installId(), "unused", () -> "unused"));
        return new Iteration(LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader())
                .fromJson(json), keys);
    }

    private void get(String pk, String sk, boolean consistent) {
        floorClient.getItem(r -> r.tableName(TABLE).key(key(pk, sk)).consistentRead(consistent));
    }

    private void newItems(int count) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(TABLE)
                    .item(Map.of("pk", AttributeValue.fromS("FLOOR#" + UUID.randomUUID()), "sk", AttributeValue.fromS("FLOOR")))
                    .conditionExpression("attribute_not_exists(pk)").build()).build());
        }
        floorClient.transactWriteItems(r -> r.transactItems(items));
    }

    private void sign() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("floor").build(),
                new JWTClaimsSet.Builder().issuer("floor").subject("floor").expirationTime(new Date()).build());
        jwt.sign(signer);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static Components components(URI dynamoDb, SecretsManagerClient secrets, CapacityRecorder recorder) {
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamoDb).region(LocalAwsClients.REGION)
                .credentialsProvider(() -> LocalAwsClients.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();
        return Components.create(new Settings(TABLE, KEY_RING, APP_SECRETS, URI.create("https://bench.userlink.test"),
                Duration.ofSeconds(60), Duration.ofSeconds(300)), client, secrets, InstantSource.system(), new SecureRandom());
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
