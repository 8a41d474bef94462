package io.userlink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.config.Settings;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The embedded default: the template's functions over DynamoDB Local and the local Secrets Manager, in this
 * process, with what CloudFormation would set up on deployment (the table, the secrets with their initial
 * values, the first rotation of a secret that has a rotation schedule). Handlers are the real classes,
 * built by their no-argument constructors from the environment the template gives them.
 */
final class LocalRuntime implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SamTemplate template;
    private final LocalAws aws;
    private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
    private final URI issuer;
    private final Map<String, String> environmentOverrides;

    private LocalRuntime(SamTemplate template, LocalAws aws, URI issuer, Map<String, String> environmentOverrides) {
        this.template = template;
        this.aws = aws;
        this.issuer = issuer;
        this.environmentOverrides = Map.copyOf(environmentOverrides);
        template.functions().forEach(function -> functions.put(function.logicalId(), new LambdaFunction(function)));
    }

    /**
     * Starts the stand-ins and prepares the functions' environment.
     *
     * @param dataDirectory where data persists across restarts; null keeps it in memory
     * @param issuer the token issuer: the URL the runtime serves
     * @param environmentOverrides function environment variables to set instead of the template's values
     */
    static LocalRuntime start(Path templateFile, Path dataDirectory, URI issuer, Map<String, String> environmentOverrides) {
        SamTemplate template = SamTemplate.read(templateFile);
        LocalAws aws = LocalAws.start(templateFile, dataDirectory);
        try {
            LocalRuntime runtime = new LocalRuntime(template, aws, issuer, environmentOverrides);
            runtime.configureEnvironment();
            runtime.provisionSecrets();
            return runtime;
        } catch (RuntimeException e) {
            aws.close();
            throw e;
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

    SamTemplate template() {
        return template;
    }

    URI issuer() {
        return issuer;
    }

    /** Routes AWS JSON calls reaching the runtime's port to the stand-ins. */
    AwsProxy awsProxy() {
        return new AwsProxy(Map.of(
                "DynamoDB_20120810.", aws.dynamoDb().endpoint(),
                "secretsmanager.", aws.secretsManager().endpoint()));
    }

    @Override
    public void close() {
        aws.close();
    }

    /**
     * Sets the functions' environment as JVM properties (handlers read a property when the variable is
     * unset), and points the AWS SDK at the stand-ins with its standard endpoint properties.
     */
    private void configureEnvironment() {
        LocalStack stack = new LocalStack(template);
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>(environmentOverrides);
        overrides.put(variable("TOKEN_ISSUER"), issuer.toString());
        for (SamTemplate.Function function : template.functions()) {
            stack.environment(function, overrides).forEach((name, value) -> {
                String previous = environment.putIfAbsent(name, value);
                if (previous != null && !previous.equals(value)) {
                    throw new IllegalStateException("functions disagree on " + name + "; the local runtime runs them in"
                            + " one process and needs one value");
                }
            });
        }
        environmentOverrides.keySet().stream().filter(name -> !environment.containsKey(name)).findFirst()
                .ifPresent(name -> {
                    throw new IllegalArgumentException("--env " + name + ": no function of the template has that variable");
                });
        environment.forEach(System::setProperty);
        System.setProperty("aws.region", LocalStack.REGION);
        System.setProperty("aws.accessKeyId", LocalAwsClients.CREDENTIALS.accessKeyId());
        System.setProperty("aws.secretAccessKey", LocalAwsClients.CREDENTIALS.secretAccessKey());
        System.setProperty("aws.endpointUrlDynamoDb", aws.dynamoDb().endpoint().toString());
        System.setProperty("aws.endpointUrlSecretsManager", aws.secretsManager().endpoint().toString());
    }

    /**
     * Creates each secret of the template with its initial value, registers rotation functions, and rotates a
     * newly created secret at once when its schedule says so, as a deployment does.
     */
    private void provisionSecrets() {
        LocalStack stack = new LocalStack(template);
        try (SecretsManagerClient client = LocalAwsClients.build(SecretsManagerClient.builder(), aws.secretsManager().endpoint())) {
            Map<String, Boolean> created = new LinkedHashMap<>();
            template.resourcesOfType("AWS::SecretsManager::Secret").forEach((logicalId, properties) -> {
                String name = stack.physicalName(logicalId);
                created.put(logicalId, createIfAbsent(client, name, String.valueOf(properties.getOrDefault("SecretString", "{}"))));
            });
            template.resourcesOfType("AWS::SecretsManager::RotationSchedule").forEach((logicalId, properties) -> {
                String secretLogicalId = reference(properties.get("SecretId"), logicalId);
                String secretName = stack.physicalName(secretLogicalId);
                LambdaFunction rotation = function(getAttFunction(properties.get("RotationLambdaARN"), logicalId));
                aws.secretsManager().onRotation(secretName, event -> rotation.invoke(json(event),
                        LocalContext.of(rotation.logicalId(), System.err)));
                boolean immediately = !Boolean.FALSE.equals(properties.get("RotateImmediatelyOnUpdate"));
                if (immediately && created.getOrDefault(secretLogicalId, false)) {
                    client.rotateSecret(r -> r.secretId(secretName));
                }
            });
        }
    }

    private static boolean createIfAbsent(SecretsManagerClient client, String name, String initialValue) {
        try {
            client.describeSecret(r -> r.secretId(name));
            return false;
        } catch (ResourceNotFoundException absent) {
            client.createSecret(r -> r.name(name).secretString(initialValue));
            return true;
        }
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
        throw new IllegalArgumentException(context + ": the local runtime expects RotationLambdaARN: !GetAtt <function>.Arn");
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
