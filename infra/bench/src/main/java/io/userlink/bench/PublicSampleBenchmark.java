package io.userlink.bench;

import io.userlink.bench.FunctionCases.Case;
import io.userlink.local.LambdaCredentialsEndpoint;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import io.userlink.local.TemporaryDirectory;
import io.userlink.local.iam.AccessKey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Userlink's functions side by side with a public Java Lambda sample that does less work: {@code GetProductByIdHandler}
 * of the {@code dagger} module of aws-samples/serverless-java-frameworks-samples, a POJO handler of an API Gateway REST
 * event that reads one item with DynamoDB's {@code GetItem} (its client built through Dagger) and writes it with
 * jackson-databind. Its code is not part of this repository: BENCHMARKS.md says how to build its jar. Fresh JVMs,
 * interleaved (the sample, then each function and its floor), against the same stand-ins, under default flags and
 * C1 (which the sample's template asks for). Prints a Markdown table. Local figures (this machine), not Lambda's.
 *
 * <p>Usage: {@code java -cp infra/bench/target/userlink-bench.jar io.userlink.bench.PublicSampleBenchmark SAMPLE_JAR
 * [runs [function...]]} from the project root ({@code function} keeps the functions whose logical id contains it),
 * after {@code ./mvnw package -DskipTests}.
 */
public final class PublicSampleBenchmark {

    private static final String HANDLER = "software.amazonaws.example.product.handler.GetProductByIdHandler";
    /** The sample's table, as its template declares it: a string hash key {@code PK}, no sort key. */
    private static final String TABLE = "Products";
    private static final String SAMPLE = "sample GetProductByIdHandler";

    private PublicSampleBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: PublicSampleBenchmark SAMPLE_JAR [runs [function...]]: SAMPLE_JAR is the dagger"
                    + " sample's shaded jar, built as BENCHMARKS.md says (\"Against a public Java Lambda sample\")");
            System.exit(2);
        }
        Path sampleJar = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<String> only = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("");
        Path project = SamTemplate.locate(Path.of("")).getParent();
        try (StandIns.Running aws = StandIns.start(project);
             TemporaryDirectory temporary = TemporaryDirectory.create("userlink-sample-bench")) {
            ProbeSetup setup = ProbeSetup.seed(project, aws);
            Path work = temporary.path();
            Path event = work.resolve("get-product.json");
            try (InputStream resource = PublicSampleBenchmark.class.getResourceAsStream("/public-sample/get-product.json")) {
                Files.write(event, resource.readAllBytes());
            }
            AccessKey harness = aws.key(LocalAws.HARNESS);
            putSampleTable(aws, harness);
            ProbeRunner sample = new ProbeRunner(setup.pojoClasspath(sampleJar), sampleEnvironment(aws, harness), work,
                    "sample");
            List<Case> cases = setup.cases("").stream()
                    .filter(benchCase -> only.stream().anyMatch(benchCase.logicalId()::contains)).toList();
            System.out.println("| program | flags | median ms | max ms | median / sample's | peak RSS MB |");
            System.out.println("|---|---|---|---|---|---|");
            Map<String, ProbeRunner> runners = new LinkedHashMap<>();
            for (Case benchCase : cases) {
                String id = benchCase.logicalId();
                runners.put(id, new ProbeRunner(setup.classpath(), setup.environment(id), work, id));
            }
            for (Map.Entry<String, List<String>> flags : ProbeRunner.JIT_FLAG_SETS.entrySet()) {
                Map<String, List<ProbeRunner.Result>> results = new LinkedHashMap<>();
                for (int run = 0; run < runs; run++) {
                    results.computeIfAbsent(SAMPLE, name -> new ArrayList<>())
                            .add(sample.pojo(flags.getValue(), HANDLER, event));
                    for (Case benchCase : cases) {
                        String id = benchCase.logicalId();
                        ProbeRunner runner = runners.get(id);
                        ColdStartBenchmark.Pair pair = ColdStartBenchmark.runPair(runner, benchCase, setup.handlerOf(id),
                                flags.getValue(), flags.getValue(), run);
                        results.computeIfAbsent(id, name -> new ArrayList<>()).add(pair.function());
                        results.computeIfAbsent(id + " floor", name -> new ArrayList<>()).add(pair.floor());
                    }
                }
                double sampleMedian = ProbeRunner.median(results.get(SAMPLE));
                results.forEach((name, measured) -> System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.2f | %.0f |%n",
                        name, flags.getKey(), ProbeRunner.median(measured), ProbeRunner.max(measured),
                        ProbeRunner.median(measured) / sampleMedian, ProbeRunner.medianRss(measured)));
            }
        }
    }

    /** The sample's table in the stand-ins, as its template declares it, with the one item its event asks for. */
    private static void putSampleTable(StandIns.Running aws, AccessKey harness) {
        DynamoDbClient dynamoDb = LocalAwsClients.build(DynamoDbClient.builder(), aws.endpoint(), harness);
        dynamoDb.createTable(table -> table.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(key -> key.attributeName("PK").attributeType(ScalarAttributeType.S))
                .keySchema(key -> key.attributeName("PK").keyType(KeyType.HASH)));
        dynamoDb.putItem(item -> item.tableName(TABLE).item(Map.of("PK", AttributeValue.fromS("p1"),
                "name", AttributeValue.fromS("Phone"), "price", AttributeValue.fromN("499.99"))));
    }

    /**
     * The sample's environment on Lambda: its template's table name, and the region, role credentials and
     * initialisation type Lambda sets (the {@code harness}'s key stands in for its role, which may read its table),
     * with DynamoDB's endpoint at the stand-ins.
     */
    private static Map<String, String> sampleEnvironment(StandIns.Running aws, AccessKey harness) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PRODUCT_TABLE_NAME", TABLE);
        environment.put("AWS_REGION", LocalDeployment.REGION);
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", aws.endpoint().toString());
        environment.putAll(LambdaCredentialsEndpoint.keyVariables(harness));
        // The sample's template turns on active tracing: Lambda then names the invocation's trace and the X-Ray
        // daemon, to which the sample's tracing interceptor sends its segments over UDP (no daemon listens here).
        environment.put("LAMBDA_TASK_ROOT", "/var/task");
        environment.put("_X_AMZN_TRACE_ID", "Root=1-6741c3e2-3b1c4b2f6e1f4a2d0c9b8a76;Parent=53995c3f42cd8ad8;Sampled=1");
        environment.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
        environment.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        return environment;
    }
}
