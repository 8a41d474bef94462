package io.userlink.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.userlink.config.Components;
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
import io.userlink.handler.RegisterAccountHandler;
import io.userlink.handler.RegisterInstallHandler;
import io.userlink.handler.ResetInstallHandler;
import io.userlink.handler.SignInHandler;
import io.userlink.http.ApiGatewayPayload;
import io.userlink.install.AnonymousInstall;
import io.userlink.json.Json;
import io.userlink.local.EventPlaceholders;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.LocalDynamoDb;
import io.userlink.local.SamTemplate;
import io.userlink.local.iam.AccessKey;
import io.userlink.password.Password;
import io.userlink.password.PasswordHasher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
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

    private static final String TWIN_TABLE = "userlink-twin";

    /** One iteration's event, and the access token it presents, if any, for the floor to verify. */
    private record Iteration(APIGatewayV2HTTPEvent event, Optional<String> accessToken) {}

    private interface Preparer {
        Iteration prepare() throws Exception;
    }

    /** A route, and what its floor does besides replaying its DynamoDB calls. */
    private record Route(String name, ApiHandler handler, Preparer preparer, boolean verifies, boolean signs,
                         boolean hashes) {
        Route(String name, ApiHandler handler, Preparer preparer, boolean verifies, boolean signs) {
            this(name, handler, preparer, verifies, signs, false);
        }
    }

    private static final String PASSWORD = EventPlaceholders.ACCOUNT_PASSWORD;
    /**
     * The functions that only verify tokens (their handlers read {@code Priming.PUBLIC_KEYS}): their roles read the
     * public keys secret, not the ring.
     */
    private static final Set<String> VERIFYING_WITH_PUBLIC_KEYS = Set.of("AccountFunction", "ChangePasswordFunction",
            "InstallStatusFunction", "IntrospectTokenFunction", "JwksFunction");

    private final StandIns.Running aws;
    private final BenchWorld world;
    private final Map<String, Components> measured = new HashMap<>();
    private final DynamoDbClient floorClient;
    private final CallRecorder measuredCalls;
    private final CallRecorder floorCalls;
    private final AnonymousInstall anyInstall;
    private final RSASSASigner signer;
    private final RSASSAVerifier verifier;
    /** A hash at the deployment's cost: the one the floor of a password route checks, as the route does. */
    private final PasswordHasher floorHasher = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS, new SecureRandom());
    private final String floorHash = floorHasher.hash(Password.of(PASSWORD));

    private WarmPathBenchmark(Path project, StandIns.Running aws) throws Exception {
        this.aws = aws;
        AccessKey harness = aws.key(LocalAws.HARNESS);
        DynamoDbClient twinWriter = dynamoDb(harness);
        LocalDynamoDb.createTable(twinWriter, SamTemplate.read(project.resolve("template.yaml")), TWIN_TABLE);
        measuredCalls = new CallRecorder();
        floorCalls = new CallRecorder();
        OutboxStream outbox = new OutboxStream();
        world = BenchWorld.seed(project, BenchWorld.settings(aws), dynamoDb(harness, new TwinWrites(twinWriter), outbox),
                LocalAwsClients.build(SecretsManagerClient.builder(), aws.endpoint(), harness), outbox);
        // The floor replays on the twin table, which no function's role names.
        floorClient = dynamoDb(harness, floorCalls);
        anyInstall = world.register();
        signer = new RSASSASigner(world.keyRing().current());
        verifier = new RSASSAVerifier(world.keyRing().current().toRSAPublicKey());
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        String only = args.length > 1 ? args[1] : "";
        Path project = SamTemplate.locate(Path.of("")).getParent();
        try (StandIns.Running aws = StandIns.start(project)) {
            WarmPathBenchmark benchmark = new WarmPathBenchmark(project, aws);
            benchmark.run(benchmark.routes().stream().filter(route -> route.name().contains(only)).toList(), iterations);
        }
    }

    private void run(List<Route> routes, int iterations) throws Exception {
        System.out.println("| route | route p50 ms | route p99 ms | floor p50 ms | floor p99 ms | (route - floor) p50 ms |"
                + " (route - floor) p99 ms | route outside DynamoDB calls p50 ms | route inside DynamoDB calls p50 ms |"
                + " DynamoDB calls / call | capacity units / call (route, floor) | event in and response out p50 ms |"
                + " (route without them - floor) p50 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
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
            Samples hashes = new Samples(iterations);
            Samples eventTimes = new Samples(iterations);
            Samples differencesWithoutEvent = new Samples(iterations);
            for (int i = 0; i < iterations; i++) {
                Timing timing = invoke(route, route.preparer().prepare());
                routeTimes.add(timing.routeNanos());
                eventTimes.add(timing.eventNanos());
                differencesWithoutEvent.add(timing.routeNanos() - timing.eventNanos() - timing.floorNanos());
                floorTimes.add(timing.floorNanos());
                insideCalls.add(timing.insideCallsNanos());
                outsideCalls.add(timing.routeNanos() - timing.insideCallsNanos());
                differences.add(timing.routeNanos() - timing.floorNanos());
                hashes.add(timing.hashNanos());
            }
            System.out.printf(Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f, %.2f | %.2f | %.2f |%n",
                    route.name(), routeTimes.percentile(50), routeTimes.percentile(99), floorTimes.percentile(50),
                    floorTimes.percentile(99), differences.percentile(50), differences.percentile(99),
                    outsideCalls.percentile(50), insideCalls.percentile(50), (double) measuredCalls.calls() / iterations,
                    measuredCalls.capacityUnits() / iterations, floorCalls.capacityUnits() / iterations,
                    eventTimes.percentile(50), differencesWithoutEvent.percentile(50));
            if (route.hashes()) {
                System.err.printf(Locale.ROOT, "%s: one PBKDF2 hash (%d iterations) p50 %.2f ms, %.0f%% of the route's p50%n",
                        route.name(), PasswordHasher.DEFAULT_ITERATIONS, hashes.percentile(50),
                        100 * hashes.percentile(50) / routeTimes.percentile(50));
            }
        }
    }

    /**
     * One invocation's times: the route's, the part of it spent reading the event and writing the response, its
     * floor's, the route's time inside DynamoDB calls, and the floor's password hash (0 for routes without one).
     */
    private record Timing(long routeNanos, long eventNanos, long floorNanos, long insideCallsNanos, long hashNanos) {}

    /** Runs the route, then its floor, which replays the route's requests and so must come second. */
    private Timing invoke(Route route, Iteration iteration) throws Exception {
        // The raw event, as Lambda hands it to a stream handler; written before the clock starts.
        ByteArrayOutputStream eventJson = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader())
                .toJson(iteration.event(), eventJson);
        ByteArrayOutputStream responseJson = new ByteArrayOutputStream();
        measuredCalls.takeRequests();
        measuredCalls.takeCallNanos();
        // What handleRequest does, step by step, so that reading the event and writing the response are timed apart:
        // 57824cc's figures left both to the runtime's serializer, outside the clock.
        long started = System.nanoTime();
        APIGatewayV2HTTPEvent event = ApiGatewayPayload.event(new ByteArrayInputStream(eventJson.toByteArray()));
        long parsed = System.nanoTime();
        APIGatewayV2HTTPResponse response = route.handler().respond(event, null);
        long responded = System.nanoTime();
        ApiGatewayPayload.write(response, responseJson);
        long routeNanos = System.nanoTime() - started;
        long eventNanos = routeNanos - (responded - parsed);
        int status = ((Number) Json.parseTrustedObject(responseJson.toString(StandardCharsets.UTF_8)).get("statusCode")).intValue();
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
        long hashNanos = 0;
        if (route.hashes()) {
            long hashStarted = System.nanoTime();
            floorHasher.verify(Password.of(PASSWORD), floorHash);
            hashNanos = System.nanoTime() - hashStarted;
        }
        if (route.signs()) {
            sign();
        }
        long floorNanos = System.nanoTime() - started;
        return new Timing(routeNanos, eventNanos, floorNanos, insideCalls, hashNanos);
    }

    private List<Route> routes() {
        return List.of(
                new Route("POST /v1/installs", new RegisterInstallHandler(measured("RegisterInstallFunction")),
                        () -> iteration("register-install.json", anyInstall, "unused"), false, true),
                new Route("POST /v1/token", new RefreshTokenHandler(measured("RefreshTokenFunction")),
                        () -> iteration("refresh-token.json", world.register(), "unused"), false, true),
                new Route("POST /v2/users/{install_id}/link (new user)", new LinkInstallHandler(measured("LinkInstallFunction")), () -> {
                    Iteration link = iteration("link-install.json", world.register(), "unused");
                    link.event().setBody(Json.write(Map.of("id", BenchWorld.newExternalId())));
                    return link;
                }, false, false),
                new Route("POST /v2/users/{install_id}/link (user's next install)", new LinkInstallHandler(measured("LinkInstallFunction")), () -> {
                    String externalId = BenchWorld.newExternalId();
                    world.link(world.register(), externalId);
                    Iteration link = iteration("link-install.json", world.register(), "unused");
                    link.event().setBody(Json.write(Map.of("id", externalId)));
                    return link;
                }, false, false),
                new Route("GET /v1/installs/{install_id}", new InstallStatusHandler(measured("InstallStatusFunction")),
                        () -> iteration("install-status.json", world.register(), "unused"), true, false),
                new Route("POST /v1/auth-codes", new IssueAuthCodeHandler(measured("IssueAuthCodeFunction")), () -> {
                    Iteration issue = iteration("issue-auth-code.json", anyInstall, "unused");
                    issue.event().setBody(Json.write(Map.of("external_id", BenchWorld.newExternalId())));
                    return issue;
                }, false, false),
                new Route("POST /v1/users (new user)", new CreateUserHandler(measured("CreateUserFunction")), () -> {
                    String code = world.code(BenchWorld.newExternalId());
                    return iteration("create-user.json", world.register(), "unused", code);
                }, true, true),
                new Route("POST /v1/installs/{install_id}/reset", new ResetInstallHandler(measured("ResetInstallFunction")), () -> {
                    AnonymousInstall install = world.register();
                    world.linkToNewUser(install);
                    return iteration("reset-install.json", install, "unused");
                }, true, true),
                new Route("GET /v1/users/{user_id}", new LookupUserHandler(measured("LookupUserFunction")),
                        () -> iteration("lookup-user.json", anyInstall, world.linkToNewUser(world.register())), false, false),
                new Route("GET /v1/users?external_id=", new LookupUserHandler(measured("LookupUserFunction")), () -> {
                    String externalId = BenchWorld.newExternalId();
                    world.link(world.register(), externalId);
                    Iteration lookup = iteration("lookup-user-by-external-id.json", anyInstall, "unused");
                    lookup.event().setQueryStringParameters(Map.of("external_id", externalId));
                    lookup.event().setRawQueryString("external_id=" + externalId);
                    return lookup;
                }, false, false),
                new Route("DELETE /v1/users/{user_id}", new DeleteUserHandler(measured("DeleteUserFunction")),
                        () -> iteration("delete-user.json", anyInstall, world.linkToNewUser(world.register())), false, false),
                new Route("POST /v1/accounts", new RegisterAccountHandler(measured("RegisterAccountFunction")), () -> {
                    AnonymousInstall install = world.register();
                    return withBody(iteration("register-account.json", install, "unused"), install,
                            Map.of("email", BenchWorld.newExternalId() + "@example.com", "password", PASSWORD));
                }, true, true, true),
                new Route("POST /v1/accounts/sign-in", new SignInHandler(measured("SignInFunction")), () -> {
                    AnonymousInstall install = world.register();
                    return withBody(iteration("sign-in.json", install, "unused"), install,
                            Map.of("email", world.signInAccount(), "password", PASSWORD));
                }, true, true, true),
                new Route("GET /.well-known/jwks.json", new JwksHandler(measured("JwksFunction").publicKeys()),
                        () -> iteration("jwks.json", anyInstall, "unused"), false, false),
                new Route("GET /.well-known/openid-configuration",
                        new OpenIdConfigurationHandler(world.settings().tokenIssuer()),
                        () -> iteration("openid-configuration.json", anyInstall, "unused"), false, false));
    }

    private Iteration iteration(String file, AnonymousInstall install, String userId) throws Exception {
        return iteration(file, install, userId, "unused");
    }

    private Iteration iteration(String file, AnonymousInstall install, String userId, String code) throws Exception {
        return new Iteration(LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader())
                .fromJson(world.event(file, install, userId, code)), Optional.of(install.tokens().accessToken().value()));
    }

    /** An account event as {@code install} sends it, with {@code body}. */
    private static Iteration withBody(Iteration iteration, AnonymousInstall install, Map<String, String> body) {
        iteration.event().getHeaders().put("authorization", "Bearer " + install.tokens().accessToken().value());
        iteration.event().setBody(Json.write(body));
        return iteration;
    }

    private void sign() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("floor").build(),
                new JWTClaimsSet.Builder().issuer("floor").subject("floor").expirationTime(new Date()).build());
        jwt.sign(signer);
    }

    /** Userlink's services as the function's role gives them to it: its own key, the measured client. */
    private Components measured(String function) {
        return measured.computeIfAbsent(function, name -> {
            Components components = BenchWorld.components(world.settings(), dynamoDb(aws.key(name), measuredCalls),
                    LocalAwsClients.build(SecretsManagerClient.builder(), aws.endpoint(), aws.key(name)));
            return VERIFYING_WITH_PUBLIC_KEYS.contains(name) ? components.verifyingWithPublicKeys() : components;
        });
    }

    private DynamoDbClient dynamoDb(AccessKey key, ExecutionInterceptor... interceptors) {
        return LocalAwsClients.build(DynamoDbClient.builder()
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor)), aws.endpoint(), key);
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
