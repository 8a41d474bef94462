package io.userlink.cli;

import io.userlink.local.LocalAws;
import io.userlink.local.SamTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stand-in of a deployed CloudFormation stack: the physical names the template's resources get
 * locally, and the environment variables of a function with every {@code !Ref} and {@code !Sub} resolved
 * the way CloudFormation would resolve them for a stack named {@value #STACK_NAME}.
 */
final class LocalStack {

    static final String STACK_NAME = "userlink";
    static final String REGION = "us-east-1";
    private static final Map<String, String> PSEUDO_PARAMETERS = Map.of(
            "AWS::StackName", STACK_NAME,
            "AWS::Region", REGION,
            "AWS::AccountId", "000000000000",
            "AWS::Partition", "aws",
            "AWS::URLSuffix", "amazonaws.com");
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]+)}");

    private final SamTemplate template;

    LocalStack(SamTemplate template) {
        this.template = template;
    }

    /**
     * A function's environment, resolved; variables in {@code overrides} take the given values instead
     * (the token issuer is the local runtime's own URL, which no template parameter can know).
     */
    Map<String, String> environment(SamTemplate.Function function, Map<String, String> overrides) {
        Map<String, String> resolved = new LinkedHashMap<>();
        function.environment().forEach((name, value) ->
                resolved.put(name, overrides.containsKey(name) ? overrides.get(name) : resolve(value, name)));
        return resolved;
    }

    /** The local name of a resource, as {@code !Ref} gives it. */
    String physicalName(String logicalId) {
        if (template.resourcesOfType("AWS::DynamoDB::Table").containsKey(logicalId)) {
            return LocalAws.TABLE_NAME;
        }
        Map<String, Object> secret = template.resourcesOfType("AWS::SecretsManager::Secret").get(logicalId);
        if (secret != null && secret.get("Name") != null) {
            return resolve(secret.get("Name"), logicalId);
        }
        throw new IllegalArgumentException("the local runtime cannot resolve !Ref " + logicalId);
    }

    private String resolve(Object value, String context) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object argument = map.values().iterator().next();
            switch (String.valueOf(map.keySet().iterator().next())) {
                case "Ref" -> {
                    return reference(String.valueOf(argument));
                }
                case "Fn::Sub" -> {
                    if (argument instanceof String text) {
                        Matcher matcher = SUBSTITUTION.matcher(text);
                        StringBuilder out = new StringBuilder();
                        while (matcher.find()) {
                            matcher.appendReplacement(out, Matcher.quoteReplacement(reference(matcher.group(1))));
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

    private String reference(String name) {
        if (PSEUDO_PARAMETERS.containsKey(name)) {
            return PSEUDO_PARAMETERS.get(name);
        }
        Object parameters = template.raw().get("Parameters");
        if (parameters instanceof Map<?, ?> declared && declared.get(name) instanceof Map<?, ?> parameter) {
            Object fallback = parameter.get("Default");
            if (fallback == null) {
                throw new IllegalArgumentException("template parameter " + name + " has no default; the local runtime needs one");
            }
            return String.valueOf(fallback);
        }
        return physicalName(name);
    }
}
