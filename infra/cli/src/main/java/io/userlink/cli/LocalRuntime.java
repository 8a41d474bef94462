package io.userlink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.app.AppAdministration;
import io.userlink.config.Components;
import io.userlink.config.Settings;
import io.userlink.id.RandomIds;
import io.userlink.local.AwsGateway;
import io.userlink.local.LambdaCredentialsEndpoint;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalDeployment;
import io.userlink.local.LocalEventSourceMapping;
import io.userlink.local.LocalSecretsManager;
import io.userlink.local.LocalSes;
import io.userlink.local.LocalSqs;
import io.userlink.local.SamTemplate;
import io.userlink.local.iam.AccessKey;
import io.userlink.local.iam.Principal;
import io.userlink.secrets.SecretsManagerAppCredentialsStore;
import io.userlink.storage.dynamodb.DynamoDbAppStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The embedded default: the template deployed into the local AWS account, in this process, in the order a
 * deployment runs. The table and the secrets are created (the key ring holding the template's placeholder);
 * each function gets its execution role's credentials and its environment and is loaded in a class loader of
 * its own; functions with SnapStart are published (initialised, their {@code beforeCheckpoint} and
 * {@code afterRestore} hooks run) while the key ring is still a placeholder; then a new secret with a
 * rotation schedule is rotated, as {@code RotateImmediatelyOnUpdate} does; then each custom resource the data
 * directory does not have yet is created (or updated when its properties changed) by its function. Every AWS call of
 * a function goes through the gateway as that function's role.
 */
final class LocalRuntime implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SNAPSTART_PARAMETER = "SnapStartApplyOn";

    private final LocalAws aws;
    private final LambdaCredentialsEndpoint credentials;
    private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
    private final URI issuer;
    private final Settings settings;
    private final List<LocalEventSourceMapping> eventSources = new ArrayList<>();
    private volatile Thread poller;

    private LocalRuntime(LocalAws aws, LambdaCredentialsEndpoint credentials, URI issuer, Settings settings) {
        this.aws = aws;
        this.credentials = credentials;
        this.issuer = issuer;
        this.settings = settings;
    }

    /**
     * Deploys the template locally.
     *
     * @param dataDirectory where data persists across restarts; null keeps it in memory
     * @param issuer the token issuer: the URL the runtime serves
     * @param environmentOverrides function environment variables to set instead of the template's values
     * @param snapStart false deploys as {@code SnapStartApplyOn=None} would
     * @param accesses told every authorization decision of the AWS calls, from the first (the hooks' included)
     * @param mail where the local SES writes mails, and who hears of each
     * @throws IllegalStateException when a function's SnapStart hook fails, naming the function
     */
    static LocalRuntime start(Path templateFile, Path dataDirectory, URI issuer, Map<String, String> environmentOverrides,
                              boolean snapStart, Consumer<AwsGateway.Access> accesses, LocalAws.Mail mail) {
        return start(templateFile, dataDirectory, issuer, environmentOverrides, snapStart, accesses, mail, logicalId -> true);
    }

    /**
     * As {@link #start(Path, Path, URI, Map, boolean, Consumer, LocalAws.Mail)}, publishing a SnapStart version only of
     * the functions {@code published} accepts (by logical id): {@code invoke} publishes the one function it invokes,
     * as only that function's snapshot takes part in an invocation.
     */
    static LocalRuntime start(Path templateFile, Path dataDirectory, URI issuer, Map<String, String> environmentOverrides,
                              boolean snapStart, Consumer<AwsGateway.Access> accesses, LocalAws.Mail mail,
                              Predicate<String> published) {
        // The org.crac library finds SnapStart's hooks where Lambda's runtime tells it to, by this property.
        System.setProperty("org.crac.Core.Compat", io.userlink.local.crac.Core.class.getPackageName());
        FunctionScopedProperties.install();
        LocalAws aws = LocalAws.start(templateFile, dataDirectory, LocalAws.Mail.withLocalSender(
                snapStart ? Map.of() : Map.of(SNAPSTART_PARAMETER, "None")), mail);
        aws.gateway().onAccess(accesses);
        LambdaCredentialsEndpoint credentials = LambdaCredentialsEndpoint.start();
        try {
            Map<String, String> overrides = new LinkedHashMap<>(environmentOverrides);
            overrides.put(variable("TOKEN_ISSUER"), issuer.toString());
            LocalRuntime runtime = new LocalRuntime(aws, credentials, issuer, settings(aws.deployment(), overrides));
            runtime.createFunctions(overrides, environmentOverrides);
            runtime.registerRotationFunctions();
            runtime.publishSnapStartVersions(published);
            runtime.rotateNewSecrets();
            runtime.deployCustomResources();
            runtime.createEventSourceMappings();
            return runtime;
        } catch (RuntimeException e) {
            credentials.close();
            aws.close();
            throw e;
        }
    }

    /**
     * Publishes a version of every SnapStart function, several at a time, as a deployment publishes them
     * independently (each runs its priming before its snapshot); the first failure in the template's order is thrown.
     */
    private void publishSnapStartVersions(Predicate<String> published) {
        List<LambdaFunction> snapStart = functions.values().stream()
                .filter(function -> function.snapStart() && published.test(function.logicalId())).toList();
        ExecutorService publishers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<?>> versions = new ArrayList<>();
            for (LambdaFunction function : snapStart) {
                versions.add(publishers.submit(function::publish));
            }
            for (Future<?> version : versions) {
                try {
                    version.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing SnapStart versions", e);
                }
            }
        } finally {
            publishers.shutdownNow();
        }
    }

    /** A function of the template by logical id. */
    LambdaFunction function(String logicalId) {
        LambdaFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId + "; it has "
                    + String.join(", ", functions.keySet()));
        }
        return function;
    }

    LocalDeployment deployment() {
        return aws.deployment();
    }

    SamTemplate template() {
        return aws.deployment().template();
    }

    URI issuer() {
        return issuer;
    }

    /** Where the local AWS services answer (the gateway's own port). */
    URI endpoint() {
        return aws.endpoint();
    }

    /** The door of the local AWS services, for AWS calls that reach the runtime's port. */
    AwsGateway gateway() {
        return aws.gateway();
    }

    /** A principal of the local account: {@code harness}, {@code operator} or a function's logical id. */
    Principal principal(String name) {
        return aws.principal(name);
    }

    /** The operator's access key: what the admin commands and the AWS CLI sign with against this runtime. */
    AccessKey operatorKey() {
        return aws.principal(LocalAws.OPERATOR).key();
    }

    /** App administration as the operator does it, with the operator's permissions. */
    AppAdministration operatorAdministration() {
        Principal operator = aws.principal(LocalAws.OPERATOR);
        return new AppAdministration(new DynamoDbAppStore(aws.client(DynamoDbClient.builder(), operator), settings.tableName()),
                new SecretsManagerAppCredentialsStore(aws.client(SecretsManagerClient.builder(), operator),
                        settings.appCredentialsSecretPrefix()),
                new RandomIds(new SecureRandom()), InstantSource.system());
    }

    /**
     * Userlink's services acting as the harness (which may do anything), to prepare data the way a running
     * deployment would have it: an install, a link, a code, for the placeholders of the {@code events/} files.
     */
    Components harness() {
        return harness(DynamoDbClient.builder());
    }

    /** As {@link #harness()}, its DynamoDB client built from {@code dynamoDb}: to stop a call part-way, say. */
    Components harness(DynamoDbClientBuilder dynamoDb) {
        Principal harness = aws.principal(LocalAws.HARNESS);
        return Components.create(settings, aws.client(dynamoDb, harness),
                aws.client(SecretsManagerClient.builder(), harness), InstantSource.system(), new SecureRandom());
    }

    /**
     * Polls every stream event source until stopped, as Lambda's pollers do: what the functions' transactions write
     * reaches the mail sender within a fraction of a second.
     */
    void startEventSources(Duration interval) {
        Thread started = Thread.ofVirtual().name("userlink-event-sources").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    pollEventSources();
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("event source mapping: " + e.getMessage());
                }
            }
        });
        poller = started;
    }

    /** One poll of every stream event source; the number of invocations it made. */
    int pollEventSources() {
        int invocations = 0;
        for (LocalEventSourceMapping mapping : eventSources) {
            invocations += mapping.poll();
        }
        return invocations;
    }

    /** The local queues, to read what waits in them. */
    LocalSqs sqs() {
        return aws.sqs();
    }

    /** The local SES, to read what was sent or make sends fail. */
    LocalSes ses() {
        return aws.ses();
    }

    @Override
    public void close() {
        Thread running = poller;
        if (running != null) {
            running.interrupt();
        }
        try {
            credentials.close();
        } finally {
            aws.close();
        }
    }

    private void createFunctions(Map<String, String> overrides, Map<String, String> requested) {
        LocalDeployment deployment = aws.deployment();
        for (SamTemplate.Function function : template().functions()) {
            boolean snapStart = deployment.publishesWithSnapStart(function);
            Map<String, String> environment = new LinkedHashMap<>(deployment.environment(function, overrides));
            LambdaFunction.Configuration configuration = LambdaFunction.Configuration.of(deployment, function);
            environment.putAll(lambdaVariables(function, configuration, snapStart));
            functions.put(function.logicalId(), new LambdaFunction(function, environment, snapStart, configuration));
        }
        requested.keySet().stream().filter(name -> template().functions().stream()
                        .noneMatch(function -> function.environment().containsKey(name)))
                .findFirst().ifPresent(name -> {
                    throw new IllegalArgumentException("--env " + name + ": no function of the template has that variable");
                });
    }

    /**
     * What Lambda adds to a function's environment: its name, region, memory, how it was initialised, and its
     * role's credentials (a URL to fetch them with SnapStart, variables without); and, locally only, the
     * gateway as the endpoint of both services.
     */
    private Map<String, String> lambdaVariables(SamTemplate.Function function, LambdaFunction.Configuration configuration,
                                                boolean snapStart) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_REGION", LocalDeployment.REGION);
        variables.put("AWS_DEFAULT_REGION", LocalDeployment.REGION);
        variables.put("AWS_LAMBDA_FUNCTION_NAME", LocalDeployment.functionName(function.logicalId()));
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(configuration.memorySizeMb()));
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", snapStart ? "snap-start" : "on-demand");
        AccessKey key = aws.principal(function.logicalId()).key();
        variables.putAll(snapStart ? credentials.serve(key) : LambdaCredentialsEndpoint.keyVariables(key));
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", aws.endpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SESV2", aws.endpoint().toString());
        return variables;
    }

    /**
     * An event source mapping for each {@code DynamoDB} event of a function: it reads the table's stream with the
     * function's credentials, and a batch that used its retries goes to the on-failure destination, if the
     * function may send to it ({@code sqs:SendMessage}, as Lambda checks with the execution role), as a file in
     * {@code dead-letter/<queue name>/} beside the outbox.
     */
    private void createEventSourceMappings() {
        LocalDeployment deployment = aws.deployment();
        for (SamTemplate.Function function : template().functions()) {
            if (!(function.properties().get("Events") instanceof Map<?, ?> events)) {
                continue;
            }
            events.forEach((name, event) -> {
                if (!(event instanceof Map<?, ?> definition) || !"DynamoDB".equals(definition.get("Type"))) {
                    return;
                }
                String context = function.logicalId() + " " + name;
                Map<?, ?> properties = (Map<?, ?>) definition.get("Properties");
                LambdaFunction target = function(function.logicalId());
                Principal role = aws.principal(function.logicalId());
                eventSources.add(new LocalEventSourceMapping(aws.client(DynamoDbStreamsClient.builder(), role),
                        aws.tableStreamArn(), deployment.resolve(properties.get("Stream"), context),
                        LocalEventSourceMapping.Settings.of(properties, deployment, context),
                        eventJson -> target.invoke(eventJson),
                        deadLetter -> deadLetter(role, deadLetter)));
            });
        }
    }

    private void deadLetter(Principal role, LocalEventSourceMapping.DeadLetter deadLetter) {
        if (deadLetter.destinationArn() == null) {
            System.err.println("a stream batch used its retries and has no on-failure destination: dropped");
            return;
        }
        if (!aws.gateway().authorized(role, "sqs:SendMessage", deadLetter.destinationArn())) {
            System.err.println("AccessDenied " + role.name() + " sqs:SendMessage " + deadLetter.destinationArn()
                    + ": a failed stream batch is lost");
            return;
        }
        String queue = deadLetter.destinationArn().substring(deadLetter.destinationArn().lastIndexOf(':') + 1);
        Path file = aws.sqs().send(queue, json(deadLetter.invocationRecord()));
        System.err.println("a stream batch of " + role.name() + " failed every retry, sent to " + queue + ": " + file);
    }

    /** Each rotation schedule's function, invoked by the local Secrets Manager's {@code RotateSecret}. */
    private void registerRotationFunctions() {
        LocalDeployment deployment = aws.deployment();
        template().resourcesOfType("AWS::SecretsManager::RotationSchedule").forEach((logicalId, properties) -> {
            String secretName = deployment.physicalName(reference(properties.get("SecretId"), logicalId));
            LambdaFunction rotation = function(getAttFunction(properties.get("RotationLambdaARN"), logicalId + " RotationLambdaARN"));
            aws.secretsManager().onRotation(secretName, new LocalSecretsManager.RotationFunction(
                    LocalDeployment.functionArn(rotation.logicalId()),
                    event -> rotation.invoke(json(event))));
        });
    }

    /** What {@code RotateImmediatelyOnUpdate} does for a secret the deployment created: a first rotation. */
    private void rotateNewSecrets() {
        LocalDeployment deployment = aws.deployment();
        try (SecretsManagerClient client = aws.client(SecretsManagerClient.builder(), aws.principal(LocalAws.HARNESS))) {
            template().resourcesOfType("AWS::SecretsManager::RotationSchedule").forEach((logicalId, properties) -> {
                String secretLogicalId = reference(properties.get("SecretId"), logicalId);
                boolean immediately = !Boolean.FALSE.equals(properties.get("RotateImmediatelyOnUpdate"));
                if (immediately && aws.createdSecrets().contains(secretLogicalId)) {
                    client.rotateSecret(r -> r.secretId(deployment.physicalName(secretLogicalId)));
                }
            });
        }
    }

    /**
     * Each custom resource, as CloudFormation creates it after what it depends on (here after the first rotation, which
     * every resource of this template may depend on), or updates it when its properties changed since the data
     * directory's last deployment; its function is invoked as its own role, as CloudFormation's call reaches it.
     */
    private void deployCustomResources() {
        LocalDeployment deployment = aws.deployment();
        template().customResources().forEach((logicalId, resource) -> {
            LambdaFunction function = function(getAttFunction(resource.properties().get("ServiceToken"),
                    logicalId + " ServiceToken"));
            Map<String, String> properties = new LinkedHashMap<>();
            resource.properties().forEach((name, value) -> properties.put(name, deployment.resolve(value, logicalId + " " + name)));
            aws.customResources().deploy(logicalId, resource.type(), properties, aws.endpoint(),
                    request -> function.invoke(json(request)));
        });
    }

    private static Settings settings(LocalDeployment deployment, Map<String, String> overrides) {
        SamTemplate.Function any = deployment.template().functions().stream()
                .filter(function -> function.environment().keySet().containsAll(Settings.VARIABLES)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no function of the template has every setting " + Settings.VARIABLES));
        return Settings.from(deployment.environment(any, overrides)::get);
    }

    private static String reference(Object value, String context) {
        if (value instanceof Map<?, ?> map && map.get("Ref") instanceof String logicalId) {
            return logicalId;
        }
        throw new IllegalArgumentException(context + ": the local runtime expects SecretId: !Ref <secret>");
    }

    private static String getAttFunction(Object value, String context) {
        if (value instanceof Map<?, ?> map) {
            Object argument = map.get("Fn::GetAtt");
            if (argument instanceof String text && text.endsWith(".Arn")) {
                return text.substring(0, text.length() - ".Arn".length());
            }
            if (argument instanceof List<?> list && list.size() == 2 && "Arn".equals(list.get(1))) {
                return String.valueOf(list.get(0));
            }
        }
        throw new IllegalArgumentException(context + ": the local runtime expects !GetAtt <function>.Arn");
    }

    private static String variable(String name) {
        if (!Settings.VARIABLES.contains(name)) {
            throw new IllegalStateException("the functions no longer read " + name);
        }
        return name;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
