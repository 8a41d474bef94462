package io.userlink.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.userlink.local.iam.AccessKey;
import io.userlink.local.iam.PolicyDocument;
import io.userlink.local.iam.Principal;
import io.userlink.local.iam.Principals;
import io.userlink.local.iam.SignatureV4;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;

/**
 * The local AWS account of a deployment of {@code template.yaml}: DynamoDB Local with the template's table,
 * the local Secrets Manager with the template's secrets (their initial values, as a fresh stack has them),
 * and one principal per function with the policy the template gives its role, one for the operator (the
 * template's {@value #OPERATOR_POLICY}), and one for the harness (tests, benchmarks and the local runtime
 * itself, which plays CloudFormation) that may do anything. Everything is reached through one
 * {@link AwsGateway} on a loopback port, which checks every call's signature and authorizes it.
 */
public final class LocalAws implements AutoCloseable {

    /** The table name the local runtime and tests use; the deployed stack names its own. */
    public static final String TABLE_NAME = "userlink";
    /** The managed policy of the template that the README tells operators to attach. */
    public static final String OPERATOR_POLICY = "OperatorPolicy";
    public static final String OPERATOR = "operator";
    public static final String HARNESS = "harness";

    private final LocalDynamoDb dynamoDb;
    private final LocalSecretsManager secretsManager;
    private final LocalSqs sqs;
    private final LocalSes ses;
    private final Principals principals;
    private final AwsGateway gateway;
    private final HttpServer server;
    private final ExecutorService executor;
    private final LocalDeployment deployment;
    private final Set<String> createdSecrets;
    private final LocalCustomResources customResources;
    private final Mail mail;
    private final List<TlsTerminator> tlsTerminators = new CopyOnWriteArrayList<>();

    private LocalAws(LocalDynamoDb dynamoDb, LocalSecretsManager secretsManager, LocalSqs sqs, LocalSes ses,
                     Principals principals, AwsGateway gateway, HttpServer server, ExecutorService executor,
                     LocalDeployment deployment, Set<String> createdSecrets, LocalCustomResources customResources,
                     Mail mail) {
        this.dynamoDb = dynamoDb;
        this.secretsManager = secretsManager;
        this.sqs = sqs;
        this.ses = ses;
        this.principals = principals;
        this.gateway = gateway;
        this.server = server;
        this.executor = executor;
        this.deployment = deployment;
        this.createdSecrets = Set.copyOf(createdSecrets);
        this.customResources = customResources;
        this.mail = mail;
    }

    /**
     * Where the local SES writes mails, and who hears of each. Locally the mail sender sends from
     * {@value #FROM_ADDRESS}, its domain the one verified identity ({@code .test} is reserved for tests, RFC 2606),
     * unless the template's parameters are given other values.
     *
     * @param outbox the directory of the {@code .eml} files
     * @param deletedOnClose whether the account deletes the outbox, with its mails, when it closes
     */
    public record Mail(Path outbox, Consumer<LocalSes.SentMail> onSent, boolean deletedOnClose) {
        /** The template parameter naming the SES identity the mail sender may send from. */
        public static final String IDENTITY_PARAMETER = "MailSesIdentity";
        /** The template parameter naming the sender of mails. */
        public static final String FROM_PARAMETER = "MailFromAddress";
        public static final String FROM_ADDRESS = "Userlink <no-reply@userlink.test>";
        public static final String IDENTITY = "userlink.test";

        /** Mails into {@code outbox}, which outlives the account, each told to {@code onSent}. */
        public Mail(Path outbox, Consumer<LocalSes.SentMail> onSent) {
            this(outbox, onSent, false);
        }

        /**
         * Mails into a new temporary directory, deleted when the account closes, told to nobody: for tests that read
         * {@link LocalSes#sent()} and for a single invocation.
         */
        public static Mail quiet() {
            return new Mail(TemporaryDirectory.create("userlink-outbox").path(), mail -> { }, true);
        }

        /** {@code parameters} with the local sender and identity where they name neither. */
        public static Map<String, String> withLocalSender(Map<String, String> parameters) {
            Map<String, String> merged = new LinkedHashMap<>();
            merged.put(FROM_PARAMETER, FROM_ADDRESS);
            merged.put(IDENTITY_PARAMETER, IDENTITY);
            merged.putAll(parameters);
            return merged;
        }

        Set<String> verifiedIdentities(LocalDeployment deployment) {
            boolean declared = deployment.template().parameter(IDENTITY_PARAMETER).isPresent();
            String identity = declared ? deployment.resolve(Map.of("Ref", IDENTITY_PARAMETER), "the local SES") : "";
            return identity.isBlank() ? Set.of() : Set.of(identity);
        }
    }

    /** Starts everything in memory. */
    public static LocalAws start(Path templateFile) {
        return start(templateFile, null, Map.of(), Mail.quiet());
    }

    /**
     * Starts the account and deploys the template's table, secrets and roles into it (what exists already in
     * a data directory is kept, as a stack update keeps it).
     *
     * @param dataDirectory where tables and secrets persist across restarts; null keeps them in memory
     * @param parameters template parameter values that replace the defaults
     * @param mail where the local SES writes mails
     * @throws IllegalArgumentException when the template uses what the local account cannot model
     */
    public static LocalAws start(Path templateFile, Path dataDirectory, Map<String, String> parameters, Mail mail) {
        SamTemplate template = SamTemplate.read(templateFile);
        LocalDynamoDb dynamoDb = dataDirectory == null ? LocalDynamoDb.startInMemory()
                : LocalDynamoDb.startPersistent(createDirectories(dataDirectory));
        HttpServer server = null;
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            dynamoDb.createTable(template, TABLE_NAME);
            LocalSecretsManager secretsManager = LocalSecretsManager.open(
                    dataDirectory == null ? null : dataDirectory.resolve("secrets.json"));
            LocalDeployment names = LocalDeployment.names(template);
            Set<String> created = new LinkedHashSet<>();
            template.resourcesOfType("AWS::SecretsManager::Secret").forEach((logicalId, properties) -> {
                if (secretsManager.createIfAbsent(names.physicalName(logicalId),
                        String.valueOf(properties.getOrDefault("SecretString", "{}")))) {
                    created.add(logicalId);
                }
            });
            LocalDeployment deployment = new LocalDeployment(template, parameters,
                    name -> secretsManager.arn(name).orElseThrow());
            Principals principals = principals(deployment);
            LocalSes ses = new LocalSes(mail.verifiedIdentities(deployment), mail.outbox(), mail.onSent());
            LocalSqs sqs = new LocalSqs(mail.outbox().resolve("dead-letter"), template.resourcesOfType("AWS::SQS::Queue")
                    .keySet().stream().map(LocalDeployment::queueName).collect(Collectors.toSet()), InstantSource.system());
            AwsGateway gateway = new AwsGateway(principals, new SignatureV4(LocalDeployment.REGION,
                    id -> principals.byKeyId(id).map(Principal::key), InstantSource.system()), dynamoDb, secretsManager, sqs,
                    ses);
            LocalCustomResources customResources = LocalCustomResources.open(
                    dataDirectory == null ? null : dataDirectory.resolve("custom-resources.json"));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            server.createContext("/", exchange -> {
                try (HttpExchange closing = exchange) {
                    gateway.handle(closing);
                }
            });
            server.createContext(LocalCustomResources.RESPONSE_PATH, exchange -> {
                try (HttpExchange closing = exchange) {
                    customResources.receive(closing);
                }
            });
            server.setExecutor(executor);
            server.start();
            return new LocalAws(dynamoDb, secretsManager, sqs, ses, principals, gateway, server, executor, deployment, created,
                    customResources, mail);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.stop(0);
            }
            executor.shutdownNow();
            dynamoDb.close();
            deleteOutboxIfTemporary(mail);
            throw e instanceof IOException io ? new IllegalStateException("cannot start the local AWS gateway: " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
    }

    /**
     * Serves the gateway over HTTPS too, on another loopback port, as AWS serves its endpoints: for clients that must
     * pay what a function on Lambda pays for TLS (a benchmark's). TLS ends in front of the gateway
     * ({@link TlsTerminator}), which sees plain HTTP. Each call opens another port, so that each service can have an
     * endpoint of its own and a client a connection (and a handshake) per service, as with AWS's hosts. Stops when
     * the account closes.
     *
     * @param tls the key and certificate to serve with; clients trust them through {@link LoopbackTls#clientFlags(Path)}
     * @return an HTTPS endpoint of every service, for {@code endpointOverride}
     */
    public URI serveTls(LoopbackTls tls) {
        try {
            TlsTerminator terminator = TlsTerminator.start(tls, server.getAddress());
            tlsTerminators.add(terminator);
            return terminator.endpoint();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local AWS gateway over TLS: " + e.getMessage(), e);
        }
    }

    private static Principals principals(LocalDeployment deployment) {
        Principals principals = new Principals();
        principals.add(new Principal(HARNESS, "arn:aws:iam::" + LocalDeployment.ACCOUNT_ID + ":user/harness",
                AccessKey.longTerm(), PolicyDocument.ALLOW_ALL));
        Map<String, Object> operatorPolicy = deployment.template().resourcesOfType("AWS::IAM::ManagedPolicy").get(OPERATOR_POLICY);
        principals.add(new Principal(OPERATOR, "arn:aws:iam::" + LocalDeployment.ACCOUNT_ID + ":user/operator",
                AccessKey.longTerm(), operatorPolicy == null ? PolicyDocument.NONE : PolicyDocument.read(
                        List.of(operatorPolicy.get("PolicyDocument")), value -> deployment.resolve(value, OPERATOR_POLICY),
                        OPERATOR_POLICY)));
        for (SamTemplate.Function function : deployment.template().functions()) {
            String role = LocalDeployment.STACK_NAME + "-" + function.logicalId() + "Role";
            principals.add(new Principal(function.logicalId(), "arn:aws:sts::" + LocalDeployment.ACCOUNT_ID
                    + ":assumed-role/" + role + "/" + LocalDeployment.functionName(function.logicalId()),
                    AccessKey.temporary(), PolicyDocument.read((List<?>) deployment.withConditionsApplied(function.policies(),
                            function.logicalId() + " Policies"),
                    value -> deployment.resolve(value, function.logicalId() + " Policies"), function.logicalId())));
        }
        return principals;
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the data directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The gateway's URL: the endpoint of both services, for {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The gateway, to serve AWS calls that reach another port (the local runtime's). */
    public AwsGateway gateway() {
        return gateway;
    }

    /** The template as deployed here: names, ARNs, parameters. */
    public LocalDeployment deployment() {
        return deployment;
    }

    public LocalSecretsManager secretsManager() {
        return secretsManager;
    }

    /** The local SES: what it sent, and failures on demand. */
    public LocalSes ses() {
        return ses;
    }

    /** The template's queues, where failed stream batches wait. */
    public LocalSqs sqs() {
        return sqs;
    }

    /** The ARN DynamoDB Local gives the table's stream (its own form, not the one IAM policies see here). */
    public String tableStreamArn() {
        try (var client = dynamoDb.client()) {
            return client.describeTable(r -> r.tableName(TABLE_NAME)).table().latestStreamArn();
        }
    }

    /** The template's custom resources, as CloudFormation creates and updates them. */
    public LocalCustomResources customResources() {
        return customResources;
    }

    /** The logical ids of the secrets this start created (a fresh stack), not found from an earlier start. */
    public Set<String> createdSecrets() {
        return createdSecrets;
    }

    /**
     * A principal by name: {@value #HARNESS}, {@value #OPERATOR} or a function's logical id.
     *
     * @throws IllegalArgumentException when there is none
     */
    public Principal principal(String name) {
        return principals.named(name);
    }

    /** A client of {@code builder}'s service that signs as {@code principal}, through the gateway. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, Principal principal) {
        return LocalAwsClients.build(builder, endpoint(), principal.key());
    }

    @Override
    public void close() {
        tlsTerminators.forEach(TlsTerminator::close);
        server.stop(0);
        executor.shutdownNow();
        dynamoDb.close();
        deleteOutboxIfTemporary(mail);
    }

    private static void deleteOutboxIfTemporary(Mail mail) {
        if (mail.deletedOnClose()) {
            TemporaryDirectory.delete(mail.outbox());
        }
    }

    @Override
    public String toString() {
        return "LocalAws[" + endpoint() + "]";
    }
}
