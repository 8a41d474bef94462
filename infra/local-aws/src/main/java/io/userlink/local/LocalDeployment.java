package io.userlink.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template deployed locally as a stack named {@value #STACK_NAME}: the names and ARNs its resources get,
 * and every {@code !Ref}, {@code !GetAtt} and {@code !Sub} resolved the way CloudFormation resolves them
 * (a secret's {@code !Ref} is its ARN, a table's its name, a parameter its default unless overridden).
 */
public final class LocalDeployment {

    public static final String STACK_NAME = "userlink";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    private static final String PARTITION = "aws";
    private static final Map<String, String> PSEUDO_PARAMETERS = Map.of(
            "AWS::StackName", STACK_NAME,
            "AWS::Region", REGION,
            "AWS::AccountId", ACCOUNT_ID,
            "AWS::Partition", PARTITION,
            "AWS::URLSuffix", "amazonaws.com");
    /** The label of the local table's one stream, in the ARN IAM policies see. */
    public static final String STREAM_LABEL = "local";
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final SamTemplate template;
    private final Map<String, String> parameters;
    private final UnaryOperator<String> secretArns;

    /**
     * @param parameters template parameter values that replace the defaults
     * @param secretArns the ARN of a secret by its name (the local Secrets Manager chooses the suffix)
     * @throws IllegalArgumentException when a value is not among its parameter's {@code AllowedValues} or does not
     *     match its {@code AllowedPattern}, which CloudFormation refuses before it deploys anything
     */
    public LocalDeployment(SamTemplate template, Map<String, String> parameters, UnaryOperator<String> secretArns) {
        this.template = Objects.requireNonNull(template);
        this.parameters = Map.copyOf(parameters);
        this.secretArns = Objects.requireNonNull(secretArns);
        this.parameters.forEach(this::requireAllowed);
    }

    private void requireAllowed(String name, String value) {
        Map<?, ?> parameter = template.parameter(name).orElse(Map.of());
        if (parameter.get("AllowedValues") instanceof List<?> allowed && !allowed.contains(value)) {
            throw new IllegalArgumentException("template parameter " + name + " must be one of " + allowed + ": " + value);
        }
        if (parameter.get("AllowedPattern") instanceof String pattern && !Pattern.matches(pattern, value)) {
            throw new IllegalArgumentException("template parameter " + name + " must match " + pattern + ": "
                    + parameter.get("ConstraintDescription"));
        }
    }

    /** The deployment's names only: a secret's {@code !Ref} resolves to its name, since no ARN exists yet. */
    public static LocalDeployment names(SamTemplate template) {
        return new LocalDeployment(template, Map.of(), name -> name);
    }

    public SamTemplate template() {
        return template;
    }

    /**
     * A function's environment, resolved; variables in {@code overrides} take the given values instead
     * (the token issuer is the local runtime's own URL, which no template parameter can know).
     */
    public Map<String, String> environment(SamTemplate.Function function, Map<String, String> overrides) {
        Map<String, String> resolved = new LinkedHashMap<>();
        function.environment().forEach((name, value) ->
                resolved.put(name, overrides.containsKey(name) ? overrides.get(name) : resolve(value, name)));
        return resolved;
    }

    /**
     * Whether Lambda publishes {@code function}'s versions with SnapStart ({@code SnapStart.ApplyOn} resolves to
     * {@code PublishedVersions}): only then does a snapshot follow its initialisation, and its hooks run.
     */
    public boolean publishesWithSnapStart(SamTemplate.Function function) {
        return function.properties().get("SnapStart") instanceof Map<?, ?> snapStart && snapStart.get("ApplyOn") != null
                && "PublishedVersions".equals(resolve(snapStart.get("ApplyOn"), function.logicalId() + " SnapStart"));
    }

    /** The local name of a table or secret (a secret's name, not its ARN). */
    public String physicalName(String logicalId) {
        if (template.resourcesOfType("AWS::DynamoDB::Table").containsKey(logicalId)) {
            return LocalAws.TABLE_NAME;
        }
        Map<String, Object> secret = template.resourcesOfType("AWS::SecretsManager::Secret").get(logicalId);
        if (secret != null && secret.get("Name") != null) {
            return resolve(secret.get("Name"), logicalId);
        }
        throw new IllegalArgumentException("the local runtime cannot resolve the name of " + logicalId);
    }

    /** The name of a function as Lambda knows it. */
    public static String functionName(String logicalId) {
        return STACK_NAME + "-" + logicalId;
    }

    /** The ARN of a function of the template. */
    public static String functionArn(String logicalId) {
        return "arn:" + PARTITION + ":lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + functionName(logicalId);
    }

    /** The ARN of a DynamoDB table. */
    public static String tableArn(String tableName) {
        return "arn:" + PARTITION + ":dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + tableName;
    }

    /**
     * The ARN of a table's stream as IAM sees it here. A stream's ARN ends in a label, the time it was enabled; the
     * local table has one stream, whose label is {@value #STREAM_LABEL} (the gateway maps DynamoDB Local's own).
     */
    public static String streamArn(String tableName) {
        return tableArn(tableName) + "/stream/" + STREAM_LABEL;
    }

    /** The name CloudFormation gives a queue without a {@code QueueName}: the stack's name and the logical id. */
    public static String queueName(String logicalId) {
        return STACK_NAME + "-" + logicalId;
    }

    /** The ARN of a queue of the template. */
    public static String queueArn(String logicalId) {
        return queueArnOfName(queueName(logicalId));
    }

    /** The ARN of a queue by its name. */
    public static String queueArnOfName(String queueName) {
        return "arn:" + PARTITION + ":sqs:" + REGION + ":" + ACCOUNT_ID + ":" + queueName;
    }

    /** The URL the local runtime at {@code endpoint} gives a queue of the template, as SQS gives one a URL. */
    public static String queueUrl(URI endpoint, String logicalId) {
        return endpoint.toString().replaceAll("/+$", "") + "/" + ACCOUNT_ID + "/" + queueName(logicalId);
    }

    /** The ARN of an SES identity (a domain or an address) or, with {@code configuration-set/}, a configuration set. */
    public static String sesArn(String resource) {
        return "arn:" + PARTITION + ":ses:" + REGION + ":" + ACCOUNT_ID + ":" + resource;
    }

    /** The ARN a secret name has before the service appends its random suffix. */
    public static String secretArnPrefix(String name) {
        return "arn:" + PARTITION + ":secretsmanager:" + REGION + ":" + ACCOUNT_ID + ":secret:" + name;
    }

    /**
     * {@code value} with every {@code Fn::If} replaced by the branch its condition chooses, and every
     * {@code !Ref AWS::NoValue} left out of the list or map that holds it, as CloudFormation does; what remains is
     * for {@link #resolve}.
     *
     * @param context names the place in error messages
     */
    public Object withConditionsApplied(Object value, String context) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("Fn::If")
                && map.get("Fn::If") instanceof List<?> arguments && arguments.size() == 3) {
            return withConditionsApplied(condition(String.valueOf(arguments.get(0)), context)
                    ? arguments.get(1) : arguments.get(2), context);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> applied = new LinkedHashMap<>();
            map.forEach((key, entry) -> {
                Object kept = withConditionsApplied(entry, context);
                if (!isNoValue(kept)) {
                    applied.put(key, kept);
                }
            });
            return applied;
        }
        if (value instanceof List<?> list) {
            List<Object> applied = new ArrayList<>();
            for (Object entry : list) {
                Object kept = withConditionsApplied(entry, context);
                if (!isNoValue(kept)) {
                    applied.add(kept);
                }
            }
            return applied;
        }
        return value;
    }

    /** Whether a condition of the template's {@code Conditions} holds, with this deployment's parameters. */
    public boolean condition(String name, String context) {
        Object conditions = template.raw().get("Conditions");
        if (!(conditions instanceof Map<?, ?> all) || !all.containsKey(name)) {
            throw new IllegalArgumentException("the template has no condition " + name + " (in " + context + ")");
        }
        return truth(all.get(name), context);
    }

    private boolean truth(Object expression, String context) {
        if (expression instanceof Map<?, ?> map && map.size() == 1) {
            Object argument = map.values().iterator().next();
            List<?> arguments = argument instanceof List<?> list ? list : List.of(argument);
            switch (String.valueOf(map.keySet().iterator().next())) {
                case "Fn::Equals" -> {
                    return resolve(arguments.get(0), context).equals(resolve(arguments.get(1), context));
                }
                case "Fn::Not" -> {
                    return !truth(arguments.get(0), context);
                }
                case "Fn::And" -> {
                    return arguments.stream().allMatch(each -> truth(each, context));
                }
                case "Fn::Or" -> {
                    return arguments.stream().anyMatch(each -> truth(each, context));
                }
                case "Condition" -> {
                    return condition(String.valueOf(argument), context);
                }
                default -> { }
            }
        }
        throw new IllegalArgumentException("the local runtime cannot evaluate the condition " + expression + " (in " + context + ")");
    }

    private static boolean isNoValue(Object value) {
        return value instanceof Map<?, ?> map && map.size() == 1 && "AWS::NoValue".equals(map.get("Ref"));
    }

    /**
     * A template value resolved to a string: a literal, {@code Ref}, {@code Fn::GetAtt} or {@code Fn::Sub}.
     *
     * @param context names the place in error messages
     * @throws IllegalArgumentException for anything else, naming the value and the place
     */
    public String resolve(Object value, String context) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object argument = map.values().iterator().next();
            switch (String.valueOf(map.keySet().iterator().next())) {
                case "Ref" -> {
                    return reference(String.valueOf(argument), context);
                }
                case "Fn::GetAtt" -> {
                    if (argument instanceof String text && text.contains(".")) {
                        return attribute(text, context);
                    }
                    if (argument instanceof List<?> list && list.size() == 2) {
                        return attribute(list.get(0) + "." + list.get(1), context);
                    }
                }
                case "Fn::Sub" -> {
                    if (argument instanceof String text) {
                        Matcher matcher = SUBSTITUTION.matcher(text);
                        StringBuilder out = new StringBuilder();
                        while (matcher.find()) {
                            String name = matcher.group(1);
                            String replacement = name.contains(".") && !name.startsWith("AWS::")
                                    ? attribute(name, context) : reference(name, context);
                            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
                        }
                        matcher.appendTail(out);
                        return out.toString();
                    }
                }
                default -> { }
            }
        }
        throw new IllegalArgumentException("the local runtime cannot resolve " + value + " (in " + context + ")");
    }

    private String reference(String name, String context) {
        if (PSEUDO_PARAMETERS.containsKey(name)) {
            return PSEUDO_PARAMETERS.get(name);
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        Optional<Map<?, ?>> declared = template.parameter(name);
        if (declared.isPresent()) {
            Object fallback = declared.get().get("Default");
            if (fallback == null) {
                throw new IllegalArgumentException("template parameter " + name + " has no default; the local runtime needs one");
            }
            return String.valueOf(fallback);
        }
        if (template.resourcesOfType("AWS::SecretsManager::Secret").containsKey(name)) {
            return secretArns.apply(physicalName(name));
        }
        if (template.resourcesOfType("AWS::Serverless::Function").containsKey(name)) {
            return functionName(name);
        }
        try {
            return physicalName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the local runtime cannot resolve !Ref " + name + " (in " + context + ")", e);
        }
    }

    private String attribute(String reference, String context) {
        int dot = reference.indexOf('.');
        String logicalId = reference.substring(0, dot);
        String attribute = reference.substring(dot + 1);
        if (attribute.equals("StreamArn") && template.resourcesOfType("AWS::DynamoDB::Table").containsKey(logicalId)) {
            return streamArn(physicalName(logicalId));
        }
        if (template.resourcesOfType("AWS::SQS::Queue").containsKey(logicalId)) {
            if (attribute.equals("Arn")) {
                return queueArn(logicalId);
            }
            if (attribute.equals("QueueName")) {
                return queueName(logicalId);
            }
        }
        if (attribute.equals("Arn")) {
            if (template.resourcesOfType("AWS::DynamoDB::Table").containsKey(logicalId)) {
                return tableArn(physicalName(logicalId));
            }
            if (template.resourcesOfType("AWS::Serverless::Function").containsKey(logicalId)) {
                return functionArn(logicalId);
            }
        }
        throw new IllegalArgumentException("the local runtime cannot resolve !GetAtt " + reference + " (in " + context + ")");
    }
}
