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
import io.userlink.handler.CreateUserHandler;
import io.userlink.handler.DeleteUserHandler;
import io.userlink.handler.InstallStatusHandler;
import io.userlink.handler.IssueAuthCodeHandler;
import io.userlink.handler.JwksHandler;
import io.userlink.handler.LinkInstallHandler;
import io.userlink.handler.LookupUserHandler;
import io.userlink.handler.OpenIdConfigurationHandler;
import io.userlink.handler.RefreshTokenHandler;
import io.userlink.handler.RegisterInstallHandler;
import io.userlink.handler.ResetInstallHandler;
import io.userlink.http.Json;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.RegisteredInstall;
import io.userlink.install.Registration;
import io.userlink.local.EventPlaceholders;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.LocalDynamoDb;
import io.userlink.local.SamTemplate;
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
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The warm path: per route, thousands of in-process invocations of the real handler, each followed by its
 * floor: the same DynamoDB requests replayed directly on a twin table that holds the same items, and the same
 * signature verification and signing. Reports p50 and p99 of both and of their paired difference, the time
 * the route spends outside its DynamoDB calls, and the DynamoDB calls and capacity units per invocation.
 *
 * <p>Usage: {@code java -cp infra/bench/target/userlink-bench.jar io.userlink.bench.WarmPathBenchmark [n [route]]};
 * {@code route} keeps only the routes whose name contains it.
 */
public final class WarmPathBenchmark {

    private static final String TABLE = "userlink";
    private static final String TWIN_TABLE = "userlink-twin";
    private static final String KEY_RING = "bench/key-ring";
    private static final String APP_SECRETS = "bench/apps/";

    /** One iteration's event, and the access token it presents, if any, for the floor to verify. */
    private record Iteration(APIGatewayV2HTTPEvent event, Optional<String> accessToken) {}

    private interface Preparer {
        Iteration prepare() throws Exception;
    }

    /** A route, and what its floor does besides replaying its DynamoDB calls. */
    private record Route(String name, ApiHandler handler, Preparer preparer, boolean verifies, boolean signs) {}

    private final Path project;
    private final Components measured;
    private final Components preparation;
    private final DynamoDbClient floorClient;
    private final CallRecorder measuredCalls;
    private final CallRecorder floorCalls;
    private final App app;
    private final String appSecret;
    private final String apiKey;
    private final RegisteredInstall anyInstall;
    private final RSASSASigner signer;
    private final RSASSAVerifier verifier;

    private WarmPathBenchmark(Path project, URI dynamoDb, URI secrets) throws Exception {
        this.project = project;
        SecretsManagerClient secretsClient = LocalAwsClients.build(SecretsManagerClient.builder(), secrets);
        KeyRing ring = KeyRing.generate(new SecureRandom());
        secretsClient.createSecret(r -> r.name(KEY_RING).secretString(Json.write(ring.toSecretJson())));
        DynamoDbClient twinWriter = dynamoDb(dynamoDb);
        LocalDynamoDb.createTable(twinWriter, SamTemplate.read(project.resolve("template.yaml")), TWIN_TABLE);
        measuredCalls = new CallRecorder();
        floorCalls = new CallRecorder();
        measured = components(dynamoDb(dynamoDb, measuredCalls), secretsClient);
        preparation = components(dynamoDb(dynamoDb, new TwinWrites(twinWriter)), secretsClient);
        floorClient = dynamoDb(dynamoDb, floorCalls);
        AppAdministration administration = new AppAdministration(preparation.apps(), preparation.appCredentials(),
                preparation.ids(), InstantSource.system());
        CreatedApp created = administration.createApp("bench", AppSettings.defaults());
        app = created.app();
        appSecret = created.appSecret();
        apiKey = administration.createApiKey(app.appId(), "bench", Set.of(Scope.values()), null);
        anyInstall = register();
        signer = new RSASSASigner(ring.current());
        verifier = new RSASSAVerifier(ring.current().toRSAPublicKey());
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        String only = args.length > 1 ? args[1] : "";
        Path project = SamTemplate.locate(Path.of("")).getParent();
        Process standIns = new ProcessBuilder(ColdStartBenchmark.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                ColdStartBenchmark.jarOf(WarmPathBenchmark.class), StandIns.class.getName(),
                project.resolve("template.yaml").toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String[] ready = new BufferedReader(new InputStreamReader(standIns.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().split(" ");
            WarmPathBenchmark benchmark = new WarmPathBenchmark(project, URI.create(ready[1]), URI.create(ready[2]));
            benchmark.run(benchmark.routes().stream().filter(route -> route.name().contains(only)).toList(), iterations);
        } finally {
            standIns.getOutputStream().close();
            standIns.destroy();
        }
    }

    private void run(List<Route> routes, int iterations) throws Exception {
        System.out.println("| route | route p50 ms | route p99 ms | floor p50 ms | floor p99 ms | (route - floor) p50 ms |"
                + " (route - floor) p99 ms | route outside DynamoDB calls p50 ms | route inside DynamoDB calls p50 ms |"
                + " DynamoDB calls / call | capacity units / call (route, floor) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Route route : routes) {
            for (int i = 0; i < Math.max(200, iterations / 10); i++) {
                invoke(route, route.preparer().prepare());
            }
            measuredCalls.reset();
            floorCalls.reset();
            Samples routeTimes = new Samples(iterations);
            Samples floorTimes = new Samples(iterations);
            Samples outsideCalls = new Samples(iterations);
            Samples insideCalls = new Samples(iterations);
            Samples differences = new Samples(iterations);
            for (int i = 0; i < iterations; i++) {
                Timing timing = invoke(route, route.preparer().prepare());
                routeTimes.add(timing.routeNanos());
                floorTimes.add(timing.floorNanos());
                insideCalls.add(timing.insideCallsNanos());
                outsideCalls.add(timing.routeNanos() - timing.insideCallsNanos());
                differences.add(timing.routeNanos() - timing.floorNanos());
            }
            System.out.printf(Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f, %.2f |%n",
                    route.name(), routeTimes.percentile(50), routeTimes.percentile(99), floorTimes.percentile(50),
                    floorTimes.percentile(99), differences.percentile(50), differences.percentile(99),
                    outsideCalls.percentile(50), insideCalls.percentile(50), (double) measuredCalls.calls() / iterations,
                    measuredCalls.capacityUnits() / iterations, floorCalls.capacityUnits() / iterations);
        }
    }

    /** One invocation's times: the route's, its floor's, and the route's time inside DynamoDB calls. */
    private record Timing(long routeNanos, long floorNanos, long insideCallsNanos) {}

    /** Runs the route, then its floor, which replays the route's requests and so must come second. */
    private Timing invoke(Route route, Iteration iteration) throws Exception {
        measuredCalls.takeRequests();
        measuredCalls.takeCallNanos();
        long started = System.nanoTime();
        int status = route.handler().handleRequest(iteration.event(), null).getStatusCode();
        long routeNanos = System.nanoTime() - started;
        if (status >= 300) {
            throw new IllegalStateException(route.name() + " answered " + status);
        }
        long insideCalls = measuredCalls.takeCallNanos();
        List<SdkRequest> requests = measuredCalls.takeRequests();
        started = System.nanoTime();
        if (route.verifies()) {
            SignedJWT.parse(iteration.accessToken().orElseThrow()).verify(verifier);
        }
        for (SdkRequest request : requests) {
            Replay.onTable(floorClient, TWIN_TABLE, request);
        }
        if (route.signs()) {
            sign();
        }
        long floorNanos = System.nanoTime() - started;
        return new Timing(routeNanos, floorNanos, insideCalls);
    }

    private List<Route> routes() {
        return List.of(
                new Route("POST /v1/installs", new RegisterInstallHandler(measured),
                        () -> iteration("register-install.json", anyInstall, "unused"), false, true),
                new Route("POST /v1/token", new RefreshTokenHandler(measured),
                        () -> iteration("refresh-token.json", register(), "unused"), false, true),
                new Route("POST /v2/users/{install_id}/link (new user)", new LinkInstallHandler(measured), () -> {
                    Iteration link = iteration("link-install.json", register(), "unused");
                    link.event().setBody(Json.write(Map.of("id", newExternalId())));
                    return link;
                }, false, false),
                new Route("POST /v2/users/{install_id}/link (user's next install)", new LinkInstallHandler(measured), () -> {
                    String externalId = newExternalId();
                    link(register(), externalId);
                    Iteration link = iteration("link-install.json", register(), "unused");
                    link.event().setBody(Json.write(Map.of("id", externalId)));
                    return link;
                }, false, false),
                new Route("GET /v1/installs/{install_id}", new InstallStatusHandler(measured),
                        () -> iteration("install-status.json", register(), "unused"), true, false),
                new Route("POST /v1/auth-codes", new IssueAuthCodeHandler(measured), () -> {
                    Iteration issue = iteration("issue-auth-code.json", anyInstall, "unused");
                    issue.event().setBody(Json.write(Map.of("external_id", newExternalId())));
                    return issue;
                }, false, false),
                new Route("POST /v1/users (new user)", new CreateUserHandler(measured), () -> {
                    String code = preparation.authCodeService().issue(app, newExternalId()).code();
                    return iteration("create-user.json", register(), "unused", code);
                }, true, true),
                new Route("POST /v1/installs/{install_id}/reset", new ResetInstallHandler(measured), () -> {
                    RegisteredInstall install = register();
                    link(install, newExternalId());
                    return iteration("reset-install.json", install, "unused");
                }, true, true),
                new Route("GET /v1/users/{user_id}", new LookupUserHandler(measured),
                        () -> iteration("lookup-user.json", anyInstall, link(register(), newExternalId())), false, false),
                new Route("GET /v1/users?external_id=", new LookupUserHandler(measured), () -> {
                    String externalId = newExternalId();
                    link(register(), externalId);
                    Iteration lookup = iteration("lookup-user-by-external-id.json", anyInstall, "unused");
                    lookup.event().setQueryStringParameters(Map.of("external_id", externalId));
                    lookup.event().setRawQueryString("external_id=" + externalId);
                    return lookup;
                }, false, false),
                new Route("DELETE /v1/users/{user_id}", new DeleteUserHandler(measured),
                        () -> iteration("delete-user.json", anyInstall, link(register(), newExternalId())), false, false),
                new Route("GET /.well-known/jwks.json", new JwksHandler(measured.keyRing()),
                        () -> iteration("jwks.json", anyInstall, "unused"), false, false),
                new Route("GET /.well-known/openid-configuration", new OpenIdConfigurationHandler(measured.settings().tokenIssuer()),
                        () -> iteration("openid-configuration.json", anyInstall, "unused"), false, false));
    }

    private RegisteredInstall register() {
        return preparation.installService().register(app,
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.empty()));
    }

    /** Links the install to the external id's user and returns the user's id. */
    private String link(RegisteredInstall install, String externalId) {
        return preparation.linkService().link(app, install.install().installId(), externalId).userId();
    }

    private static String newExternalId() {
        return "bench-" + UUID.randomUUID();
    }

    private Iteration iteration(String file, RegisteredInstall install, String userId) throws Exception {
        return iteration(file, install, userId, "unused");
    }

    private Iteration iteration(String file, RegisteredInstall install, String userId, String code) throws Exception {
        String accessToken = install.tokens().accessToken().value();
        String json = EventPlaceholders.substitute(Files.readString(project.resolve("events").resolve(file)),
                new EventPlaceholders.Values(app.appId(), appSecret, apiKey, accessToken, install.tokens().refreshToken(),
                        install.install().installId(), userId, () -> code));
        return new Iteration(LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader())
                .fromJson(json), Optional.of(accessToken));
    }

    private void sign() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("floor").build(),
                new JWTClaimsSet.Builder().issuer("floor").subject("floor").expirationTime(new Date()).build());
        jwt.sign(signer);
    }

    private static DynamoDbClient dynamoDb(URI endpoint, ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(LocalAwsClients.REGION)
                .credentialsProvider(() -> LocalAwsClients.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor)).build();
    }

    private static Components components(DynamoDbClient dynamoDb, SecretsManagerClient secrets) {
        return Components.create(new Settings(TABLE, KEY_RING, APP_SECRETS, URI.create("https://bench.userlink.test"),
                Duration.ofSeconds(60), Duration.ofSeconds(300)), dynamoDb, secrets, InstantSource.system(), new SecureRandom());
    }

    /** Copies every write of the preparation client to the twin table, so the floors find what the routes find. */
    private record TwinWrites(DynamoDbClient twinWriter) implements ExecutionInterceptor {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (Replay.writes(context.request())) {
                Replay.onTable(twinWriter, TWIN_TABLE, context.request());
            }
        }
    }

    /** Nanosecond samples, reported in milliseconds. */
    private static final class Samples {
        private final long[] nanos;
        private int size;

        Samples(int capacity) {
            nanos = new long[capacity];
        }

        void add(long sample) {
            nanos[size++] = sample;
        }

        double percentile(int percentile) {
            long[] sorted = Arrays.copyOf(nanos, size);
            Arrays.sort(sorted);
            int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}
