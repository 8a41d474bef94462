package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.userlink.local.iam.AccessKey;
import io.userlink.local.iam.AwsError;
import io.userlink.local.iam.PolicyDocument.Decision;
import io.userlink.local.iam.Principal;
import io.userlink.local.iam.Principals;
import io.userlink.local.iam.SignatureV4;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one door to the local AWS stand-ins, as AWS's own endpoints are: every call must carry a valid
 * Signature Version 4 of a known access key, and is then authorized against the calling principal's
 * policy, action by action and resource by resource, the way IAM authorizes it (a transaction needs the
 * permission of each of its actions). What is refused gets the error AWS answers; what is allowed reaches
 * DynamoDB Local (tables and streams), the local Secrets Manager, the local SQS or the local SES. It serves the AWS
 * JSON protocol of the first four, told apart by {@code X-Amz-Target}, and SES v2's {@code SendEmail} by its path.
 */
public final class AwsGateway {

    /** One authorization decision: who asked to do what to which resource, and what the policy said. */
    public record Access(String principal, String action, String resource, Decision decision) {}

    /** An action on a resource, as IAM authorizes it. */
    record Permission(String action, String resource) {}

    /** An HTTP request as it reached a server; header names are matched case-insensitively. */
    public record Call(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {}

    /** What to answer. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DYNAMODB_TARGET = "DynamoDB_20120810.";
    private static final String SECRETS_MANAGER_TARGET = "secretsmanager.";
    private static final String STREAMS_TARGET = "DynamoDBStreams_20120810.";
    private static final String SQS_TARGET = "AmazonSQS.";
    /** SES API v2 is REST: its operations are paths, not targets. */
    private static final String SES_SEND_EMAIL_PATH = "/v2/email/outbound-emails";
    private static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    private static final Pattern LOCAL_STREAM_ARN = Pattern.compile("arn:aws:dynamodb:[^:]+:[0-9]+:table/([^/]+)/stream/[^|\\s\"]+");

    private final Principals principals;
    private final SignatureV4 signatures;
    private final LocalDynamoDb dynamoDb;
    private final LocalSecretsManager secretsManager;
    private final LocalSqs sqs;
    private final LocalSes ses;
    private final List<Consumer<Access>> listeners = new CopyOnWriteArrayList<>();

    AwsGateway(Principals principals, SignatureV4 signatures, LocalDynamoDb dynamoDb, LocalSecretsManager secretsManager,
               LocalSqs sqs, LocalSes ses) {
        this.principals = Objects.requireNonNull(principals);
        this.signatures = Objects.requireNonNull(signatures);
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.secretsManager = Objects.requireNonNull(secretsManager);
        this.sqs = Objects.requireNonNull(sqs);
        this.ses = Objects.requireNonNull(ses);
    }

    /**
     * Whether a request is an AWS call for this gateway: its {@code X-Amz-Target} names a DynamoDB, Secrets Manager
     * or SQS operation (API clients never send one).
     */
    public static boolean isAwsCall(String amzTarget) {
        return amzTarget != null && (amzTarget.startsWith(DYNAMODB_TARGET) || amzTarget.startsWith(STREAMS_TARGET)
                || amzTarget.startsWith(SECRETS_MANAGER_TARGET) || amzTarget.startsWith(SQS_TARGET));
    }

    /** Calls {@code listener} with every authorization decision (allowed and refused), as CloudTrail would. */
    public void onAccess(Consumer<Access> listener) {
        listeners.add(listener);
    }

    /** Stops calling a listener. */
    public void removeListener(Consumer<Access> listener) {
        listeners.remove(listener);
    }

    /** Answers one AWS call received by an HTTP server of the JDK. */
    void handle(HttpExchange exchange) throws IOException {
        Answer answer = handle(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    /**
     * Answers one AWS call. As AWS does, every answer names its request, refusals too: the SDK puts the id in its
     * exceptions, and the functions' logs quote it for a support case (DynamoDB Local's own is relayed).
     */
    public Answer handle(Call call) throws IOException {
        Answer answer = answer(call);
        if (answer.headers().keySet().stream().anyMatch(REQUEST_ID_HEADER::equalsIgnoreCase)) {
            return answer;
        }
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put(REQUEST_ID_HEADER, UUID.randomUUID().toString());
        return new Answer(answer.status(), headers, answer.body());
    }

    private Answer answer(Call call) throws IOException {
        if (call.rawPath().equals(SES_SEND_EMAIL_PATH)) {
            return sendEmail(call);
        }
        String target = header(call, "X-Amz-Target").orElse("");
        Service service = target.startsWith(DYNAMODB_TARGET) ? Service.DYNAMODB
                : target.startsWith(STREAMS_TARGET) ? Service.DYNAMODB_STREAMS
                : target.startsWith(SQS_TARGET) ? Service.SQS : Service.SECRETS_MANAGER;
        byte[] body = call.body();
        try {
            if (!"POST".equals(call.method()) || !isAwsCall(target)) {
                throw new AwsError(400, "UnknownOperationException", "expected a POST naming an operation in X-Amz-Target");
            }
            String operation = target.substring(target.indexOf('.') + 1);
            Principal principal = caller(call, service.signingName);
            JsonNode request = parse(body);
            List<Permission> permissions = switch (service) {
                case DYNAMODB -> DynamoDbPermissions.of(operation, request);
                case DYNAMODB_STREAMS -> streamPermissions(operation, request);
                case SECRETS_MANAGER -> secretsPermissions(operation, request);
                case SQS -> List.of(new Permission("sqs:" + operation,
                        LocalDeployment.queueArnOfName(LocalSqs.queueName(request.path("QueueUrl").asText()))));
                case SES -> throw new IllegalStateException("SES is served by path");
            };
            for (Permission permission : permissions) {
                authorize(principal, permission);
            }
            if (service == Service.DYNAMODB && "TransactWriteItems".equals(operation)) {
                TransactionItems.requireDistinct(request, dynamoDb::keyAttributes);
            }
            if (service == Service.SQS) {
                return new Answer(200, Map.of("Content-Type", service.contentType),
                        JSON.writeValueAsBytes(sqs.call(operation, request)));
            }
            if (service != Service.SECRETS_MANAGER) {
                LocalDynamoDb.Response response = service == Service.DYNAMODB ? dynamoDb.forward(operation, body)
                        : dynamoDb.forwardStreams(operation, body);
                return new Answer(response.status(), response.headers(), response.body());
            }
            return new Answer(200, Map.of("Content-Type", service.contentType),
                    JSON.writeValueAsBytes(secretsManager.call(operation, request)));
        } catch (AwsError e) {
            ObjectNode error = JSON.createObjectNode();
            error.put("__type", service.errorTypePrefix + e.type());
            error.put("Message", e.getMessage());
            return new Answer(e.status(), Map.of("Content-Type", service.contentType), JSON.writeValueAsBytes(error));
        }
    }

    /**
     * SES v2 {@code SendEmail}: {@code ses:SendEmail} on the identity the sender address uses and, when one is
     * named, on the configuration set (as SES authorizes it), then the local SES.
     */
    private Answer sendEmail(Call call) throws IOException {
        try {
            if (!"POST".equals(call.method())) {
                throw new AwsError(405, "MethodNotAllowedException", "SendEmail is a POST");
            }
            Principal principal = caller(call, Service.SES.signingName);
            JsonNode request = parse(call.body());
            String identity = ses.identity(request.path("FromEmailAddress").asText());
            authorize(principal, new Permission("ses:SendEmail", LocalDeployment.sesArn("identity/" + identity)));
            if (request.hasNonNull("ConfigurationSetName")) {
                authorize(principal, new Permission("ses:SendEmail",
                        LocalDeployment.sesArn("configuration-set/" + request.get("ConfigurationSetName").asText())));
            }
            ObjectNode answer = JSON.createObjectNode().put("MessageId", ses.sendEmail(request));
            return new Answer(200, Map.of("Content-Type", Service.SES.contentType), JSON.writeValueAsBytes(answer));
        } catch (AwsError e) {
            ObjectNode error = JSON.createObjectNode().put("message", e.getMessage());
            // SES's REST protocol answers a refused authorization with 403, where the JSON protocols answer 400.
            int status = e.type().equals("AccessDeniedException") ? 403 : e.status();
            return new Answer(status, Map.of("Content-Type", Service.SES.contentType, "x-amzn-ErrorType", e.type()),
                    JSON.writeValueAsBytes(error));
        }
    }

    /** The principal whose key signed the call, for the service of {@code signingName}. */
    private Principal caller(Call call, String signingName) throws AwsError {
        AccessKey key = signatures.verify(new SignatureV4.Request(call.method(), call.rawPath(), call.rawQuery(),
                call.headers(), call.body()), signingName);
        return principals.byKeyId(key.id()).orElseThrow();
    }

    /**
     * What a DynamoDB Streams call needs: the action on the stream it names (directly, or inside a shard iterator),
     * the stream's ARN as IAM sees it here ({@link LocalDeployment#streamArn}); {@code ListStreams} on every stream.
     */
    private static List<Permission> streamPermissions(String operation, JsonNode request) {
        String action = "dynamodb:" + operation;
        if (operation.equals("ListStreams")) {
            return List.of(new Permission(action, "*"));
        }
        String named = request.hasNonNull("StreamArn") ? request.get("StreamArn").asText()
                : request.path("ShardIterator").asText();
        Matcher stream = LOCAL_STREAM_ARN.matcher(named);
        return List.of(new Permission(action, stream.find() ? LocalDeployment.streamArn(stream.group(1)) : named));
    }

    private static Optional<String> header(Call call, String name) {
        return call.headers().entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .flatMap(header -> header.getValue().stream()).findFirst();
    }

    /**
     * Whether {@code principal} may do {@code action} on {@code resource}, decided and told to the listeners as for
     * a call: for what a service does with a function's role (Lambda sending a failed batch to its destination).
     */
    public boolean authorized(Principal principal, String action, String resource) {
        try {
            authorize(principal, new Permission(action, resource));
            return true;
        } catch (AwsError refused) {
            return false;
        }
    }

    private void authorize(Principal principal, Permission permission) throws AwsError {
        Decision decision = principal.policy().evaluate(permission.action(), permission.resource());
        Access access = new Access(principal.name(), permission.action(), permission.resource(), decision);
        listeners.forEach(listener -> listener.accept(access));
        if (decision != Decision.ALLOW) {
            throw new AwsError(400, "AccessDeniedException", "User: " + principal.arn() + " is not authorized to perform: "
                    + permission.action() + " on resource: " + permission.resource()
                    + (decision == Decision.EXPLICIT_DENY ? " with an explicit deny in an identity-based policy"
                    : " because no identity-based policy allows the " + permission.action() + " action"));
        }
    }

    /**
     * What a Secrets Manager call needs: the action on the secret it names (by name or ARN, resolved to the
     * secret's ARN when it exists), and for {@code RotateSecret} also {@code lambda:InvokeFunction} on the
     * secret's rotation function.
     */
    private List<Permission> secretsPermissions(String operation, JsonNode request) {
        String action = "secretsmanager:" + operation;
        return switch (operation) {
            case "ListSecrets", "GetRandomPassword", "BatchGetSecretValue" -> List.of(new Permission(action, "*"));
            case "CreateSecret" -> List.of(new Permission(action, LocalDeployment.secretArnPrefix(request.path("Name").asText())));
            default -> {
                String secretId = request.path("SecretId").asText();
                String arn = secretsManager.arn(secretId)
                        .orElse(secretId.startsWith("arn:") ? secretId : LocalDeployment.secretArnPrefix(secretId));
                Permission onSecret = new Permission(action, arn);
                yield operation.equals("RotateSecret")
                        ? secretsManager.rotationFunction(secretId)
                                .map(function -> List.of(onSecret, new Permission("lambda:InvokeFunction", function.arn())))
                                .orElse(List.of(onSecret))
                        : List.of(onSecret);
            }
        };
    }

    private static JsonNode parse(byte[] body) throws AwsError {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode parsed = JSON.readTree(body);
            if (parsed == null || !parsed.isObject()) {
                throw new AwsError(400, "SerializationException", "the request body is not a JSON object");
            }
            return parsed;
        } catch (IOException e) {
            throw new AwsError(400, "SerializationException", "the request body is not JSON");
        }
    }

    private enum Service {
        DYNAMODB("dynamodb", "application/x-amz-json-1.0", "com.amazon.coral.service#"),
        DYNAMODB_STREAMS("dynamodb", "application/x-amz-json-1.0", "com.amazon.coral.service#"),
        SECRETS_MANAGER("secretsmanager", "application/x-amz-json-1.1", ""),
        SQS("sqs", "application/x-amz-json-1.0", "com.amazonaws.sqs#"),
        SES("ses", "application/json", "");

        final String signingName;
        final String contentType;
        final String errorTypePrefix;

        Service(String signingName, String contentType, String errorTypePrefix) {
            this.signingName = signingName;
            this.contentType = contentType;
            this.errorTypePrefix = errorTypePrefix;
        }
    }
}
