package io.userlink.bench;

import io.userlink.bench.FunctionCases.Case;
import io.userlink.config.Settings;
import io.userlink.local.LambdaCredentialsEndpoint;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.LocalDeployment;
import io.userlink.local.LoopbackTls;
import io.userlink.local.SamTemplate;
import io.userlink.local.iam.AccessKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What the cold-start benchmarks give each probe JVM: the deployable jar and the probes on its class path, and the
 * function's environment as the template sets it, with the credentials of the function's own role as Lambda gives
 * them (in variables without SnapStart, from a credentials endpoint with it), against the stand-ins running in
 * another process.
 */
final class ProbeSetup {

    private final Path project;
    private final StandIns.Running aws;
    private final BenchWorld world;
    private final LocalDeployment deployment;
    private final boolean overTls;

    private ProbeSetup(Path project, StandIns.Running aws, BenchWorld world, boolean overTls) {
        this.project = project;
        this.aws = aws;
        this.world = world;
        this.deployment = new LocalDeployment(SamTemplate.read(project.resolve("template.yaml")),
                StandIns.PARAMETERS, name -> name);
        this.overTls = overTls;
    }

    /** A setup over the running stand-ins, with the benchmark's app, key ring and API key seeded in them. */
    static ProbeSetup seed(Path project, StandIns.Running aws) throws Exception {
        AccessKey harness = aws.key(LocalAws.HARNESS);
        OutboxStream outbox = new OutboxStream();
        return new ProbeSetup(project, aws, BenchWorld.seed(project, BenchWorld.settings(aws),
                LocalAwsClients.build(DynamoDbClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(outbox)),
                        aws.endpoint(), harness),
                LocalAwsClients.build(SecretsManagerClient.builder(), aws.endpoint(), harness), outbox), false);
    }

    /**
     * The same setup with the probes calling the stand-ins over HTTPS, each service at an endpoint of its own, as a
     * function on Lambda calls AWS (so a first request opens a connection per service): each probe JVM must then be
     * given {@link #clientFlags()}.
     */
    ProbeSetup overTls() {
        return new ProbeSetup(project, aws, world, true);
    }

    /** The JVM flags a probe needs to reach the stand-ins: over HTTPS, a trust store that holds their certificate. */
    List<String> clientFlags() {
        return overTls ? LoopbackTls.clientFlags(aws.trustStore()) : List.of();
    }

    /** The functions whose logical id contains {@code only}. */
    List<Case> cases(String only) {
        return FunctionCases.all(world).stream().filter(c -> c.logicalId().contains(only)).toList();
    }

    /** The functions whose logical id contains {@code only} and whose versions Lambda publishes with SnapStart. */
    List<Case> snapStartCases(String only) {
        return cases(only).stream().filter(c -> deployment.publishesWithSnapStart(function(c.logicalId()))).toList();
    }

    /**
     * The environment of {@code logicalId}'s function as the template sets it, the deployment's own settings, calling
     * AWS as its role, initialised as Lambda initialises a function without SnapStart
     * ({@code AWS_LAMBDA_INITIALIZATION_TYPE} {@code on-demand}, the role's key in variables).
     */
    Map<String, String> environment(String logicalId) {
        return environment(logicalId, "on-demand", LambdaCredentialsEndpoint.keyVariables(aws.key(logicalId)));
    }

    /**
     * The same environment as Lambda gives a function it initialises to publish a SnapStart version, which a restored
     * environment keeps: {@code AWS_LAMBDA_INITIALIZATION_TYPE} {@code snap-start}, and the role's credentials to be
     * fetched from {@code credentials}, so that the first call after a restore fetches them as on Lambda.
     */
    Map<String, String> snapStartEnvironment(String logicalId, LambdaCredentialsEndpoint credentials) {
        return environment(logicalId, "snap-start", credentials.serve(aws.key(logicalId)));
    }

    private Map<String, String> environment(String logicalId, String initializationType, Map<String, String> credentials) {
        Settings settings = world.settings();
        // The issuer has no default: a deployment names its own, as the local runtime does.
        Map<String, String> environment = new LinkedHashMap<>(deployment.environment(function(logicalId),
                Map.of("TOKEN_ISSUER", settings.tokenIssuer().toString())));
        environment.put("TABLE_NAME", settings.tableName());
        environment.put("KEY_RING_SECRET_ID", settings.keyRingSecretId());
        environment.put("PUBLIC_KEYS_SECRET_ID", settings.publicKeysSecretId());
        environment.put("APP_CREDENTIALS_SECRET_PREFIX", settings.appCredentialsSecretPrefix());
        environment.put("TOKEN_ISSUER", settings.tokenIssuer().toString());
        environment.put("CREDENTIALS_CACHE_SECONDS", Long.toString(settings.credentialsCachePeriod().toSeconds()));
        environment.put("KEY_RING_CACHE_SECONDS", Long.toString(settings.keyRingCachePeriod().toSeconds()));
        environment.put("AWS_REGION", LocalDeployment.REGION);
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
        for (String service : StandIns.SERVICES) {
            environment.put("AWS_ENDPOINT_URL_" + service, (overTls ? aws.tlsEndpoint(service) : aws.endpoint()).toString());
        }
        environment.putAll(credentials);
        return environment;
    }

    /**
     * The probes' class path: the deployable jar, the probes, the Lambda runtime's event serializer (which Lambda's
     * runtime has on its class path too), then {@code more}.
     */
    String classpath(Path... more) throws IOException {
        List<String> entries = new ArrayList<>(List.of(project.resolve("functions/target/userlink-functions.jar").toString(),
                probesJar().toString(), serializerJar().toString()));
        for (Path entry : more) {
            entries.add(entry.toString());
        }
        return String.join(":", entries);
    }

    /** The handler class of {@code logicalId}, from the template. */
    String handlerOf(String logicalId) {
        String handler = function(logicalId).handler();
        return handler.substring(0, handler.indexOf("::"));
    }

    private SamTemplate.Function function(String logicalId) {
        return deployment.template().function(logicalId).orElseThrow();
    }

    /**
     * The class path of an outside program's POJO handler: its {@code programJar}, the POJO probe's own jar (without
     * the interceptor that notes Userlink's calls), and the Lambda runtime's event serializer.
     */
    String pojoClasspath(Path programJar) throws IOException {
        return String.join(":", programJar.toString(), builtJar("-pojo-probe.jar").toString(), serializerJar().toString());
    }

    private Path probesJar() throws IOException {
        return builtJar("-probes.jar");
    }

    private Path builtJar(String suffix) throws IOException {
        try (var files = Files.list(project.resolve("infra/bench/target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build first: ./mvnw package -DskipTests"));
        }
    }

    private Path serializerJar() throws IOException {
        return onlyJarIn("probe-lib");
    }

    /** The jar of the local CRaC implementation ({@code io.userlink.local.crac}), which the build copies alone. */
    Path localCracJar() throws IOException {
        return onlyJarIn("crac-lib");
    }

    private Path onlyJarIn(String directory) throws IOException {
        try (var files = Files.list(project.resolve("infra/bench/target").resolve(directory))) {
            return files.findFirst().orElseThrow(() -> new IllegalStateException("build first: ./mvnw package -DskipTests"));
        }
    }

    /** One fresh JVM's run: its exit status, its standard output, and its wall time from start to exit. */
    record Launched(int exit, String output, double wallMillis) {}

    /**
     * Runs {@code mainAndArguments} in a fresh JVM with {@code flags}, {@code classpath} and {@code environment} added
     * to this process's; its standard error is discarded.
     */
    static Launched launch(List<String> flags, String classpath, Map<String, String> environment,
                           List<String> mainAndArguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath));
        command.addAll(mainAndArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        return new Launched(exit, output, (System.nanoTime() - started) / 1e6);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
