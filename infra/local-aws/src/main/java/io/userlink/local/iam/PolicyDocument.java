package io.userlink.local.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The identity-based policy of a principal, evaluated as IAM evaluates one: an explicit {@code Deny} wins,
 * else an {@code Allow} whose action and resource match allows, else the request is implicitly denied.
 * Actions match case-insensitively, resources case-sensitively, both with the {@code *} and {@code ?}
 * wildcards; a resource ARN is matched segment by segment, so a wildcard never spans a colon.
 *
 * <p>Only what Userlink's template uses is modelled ({@code Effect}, {@code Action}, {@code Resource});
 * a policy using anything else is refused when it is read, so nothing is silently allowed.
 */
public final class PolicyDocument {

    /** What a policy says about one request. */
    public enum Decision { ALLOW, IMPLICIT_DENY, EXPLICIT_DENY }

    /** One statement: its effect, its action patterns and its resource patterns (all resolved). */
    public record Statement(boolean allow, List<String> actions, List<String> resources) {
        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }

        boolean matches(String action, String resource) {
            return actions.stream().anyMatch(pattern -> Wildcards.matches(pattern.toLowerCase(Locale.ROOT),
                    action.toLowerCase(Locale.ROOT)))
                    && resources.stream().anyMatch(pattern -> Wildcards.matchesArn(pattern, resource));
        }
    }

    private static final Set<String> UNSUPPORTED_ELEMENTS = Set.of("NotAction", "NotResource", "Condition", "Principal",
            "NotPrincipal");

    /** A policy that allows every action on every resource. */
    public static final PolicyDocument ALLOW_ALL = new PolicyDocument(List.of(new Statement(true, List.of("*"), List.of("*"))));

    /** A policy that allows nothing. */
    public static final PolicyDocument NONE = new PolicyDocument(List.of());

    private final List<Statement> statements;

    public PolicyDocument(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    public List<Statement> statements() {
        return statements;
    }

    /** The decision for {@code action} (e.g. {@code dynamodb:GetItem}) on {@code resource} (an ARN). */
    public Decision evaluate(String action, String resource) {
        Decision decision = Decision.IMPLICIT_DENY;
        for (Statement statement : statements) {
            if (statement.matches(action, resource)) {
                if (!statement.allow()) {
                    return Decision.EXPLICIT_DENY;
                }
                decision = Decision.ALLOW;
            }
        }
        return decision;
    }

    /** Every statement of both policies, as IAM combines the policies attached to one principal. */
    public PolicyDocument and(PolicyDocument other) {
        List<Statement> combined = new ArrayList<>(statements);
        combined.addAll(other.statements);
        return new PolicyDocument(combined);
    }

    /**
     * Reads the policy documents of a template: each a map with {@code Statement}.
     *
     * @param documents the parsed documents (the {@code Policies} of a function, or a {@code PolicyDocument})
     * @param resolve turns a {@code Resource} value (a string or an intrinsic function) into an ARN pattern
     * @param owner names the resource in error messages
     * @throws IllegalArgumentException naming the owner and the construct, for any form this class does not model:
     *     a managed policy name or ARN, a SAM policy template, {@code NotAction}, {@code Condition}...
     */
    public static PolicyDocument read(List<?> documents, Function<Object, String> resolve, String owner) {
        List<Statement> statements = new ArrayList<>();
        for (Object document : documents) {
            if (document instanceof String name) {
                throw new IllegalArgumentException(owner + ": the local runtime cannot evaluate the managed policy " + name
                        + "; write its statements inline (Policies: - Statement: ...)");
            }
            if (!(document instanceof Map<?, ?> map) || !map.containsKey("Statement")) {
                throw new IllegalArgumentException(owner + ": the local runtime evaluates only inline policy documents"
                        + " (Policies: - Statement: ...), not " + describe(document)
                        + "; SAM policy templates and managed policies are refused so that nothing is silently allowed");
            }
            for (Object statement : list(map.get("Statement"))) {
                statements.add(statement(statement, resolve, owner));
            }
        }
        return new PolicyDocument(statements);
    }

    private static Statement statement(Object value, Function<Object, String> resolve, String owner) {
        if (!(value instanceof Map<?, ?> statement)) {
            throw new IllegalArgumentException(owner + ": a policy statement must be a map, not " + value);
        }
        for (Object key : statement.keySet()) {
            if (UNSUPPORTED_ELEMENTS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(owner + ": the local runtime does not evaluate " + key
                        + " in policy statements; use Effect, Action and Resource");
            }
        }
        Object effect = statement.get("Effect");
        if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
            throw new IllegalArgumentException(owner + ": a statement's Effect must be Allow or Deny, not " + effect);
        }
        List<String> actions = list(required(statement, "Action", owner)).stream().map(String::valueOf).toList();
        List<String> resources = list(required(statement, "Resource", owner)).stream().map(resolve).toList();
        return new Statement("Allow".equals(effect), actions, resources);
    }

    private static Object required(Map<?, ?> statement, String element, String owner) {
        Object value = statement.get(element);
        if (value == null) {
            throw new IllegalArgumentException(owner + ": a policy statement lacks " + element);
        }
        return value;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of(value);
    }

    private static String describe(Object document) {
        return document instanceof Map<?, ?> map ? "the policy template " + map.keySet() : String.valueOf(document);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PolicyDocument policy && policy.statements.equals(statements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(statements);
    }

    @Override
    public String toString() {
        return "PolicyDocument" + statements;
    }
}
