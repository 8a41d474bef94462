package io.userlink.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.local.iam.PolicyDocument.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    private static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/userlink";
    private static final String APPS = "arn:aws:secretsmanager:us-east-1:000000000000:secret:userlink/apps/*";

    @Test
    void evaluateWhenActionAndResourceAllowedThenAllows() {
        PolicyDocument policy = read(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                "Resource", TABLE));

        assertEquals(Decision.ALLOW, policy.evaluate("dynamodb:GetItem", TABLE));
        assertEquals(Decision.ALLOW, policy.evaluate("DynamoDB:getitem", TABLE), "actions ignore case");
        assertEquals(Decision.IMPLICIT_DENY, policy.evaluate("dynamodb:Query", TABLE));
        assertEquals(Decision.IMPLICIT_DENY, policy.evaluate("dynamodb:GetItem", TABLE + "2"));
        assertEquals(Decision.IMPLICIT_DENY, policy.evaluate("dynamodb:GetItem", TABLE.toUpperCase()), "resources keep case");
    }

    @Test
    void evaluateWhenWildcardsThenMatchWithinOneArnSegment() {
        PolicyDocument policy = read(Map.of("Effect", "Allow", "Action", "secretsmanager:Get*", "Resource", APPS));

        assertEquals(Decision.ALLOW, policy.evaluate("secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:userlink/apps/app-1-AbCdEf"));
        assertEquals(Decision.IMPLICIT_DENY, policy.evaluate("secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:userlink/key-ring-AbCdEf"));
        assertEquals(Decision.IMPLICIT_DENY, policy.evaluate("secretsmanager:PutSecretValue",
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:userlink/apps/app-1-AbCdEf"));
        PolicyDocument region = read(Map.of("Effect", "Allow", "Action", "*", "Resource", "arn:aws:dynamodb:*:*:table/u?erlink"));
        assertEquals(Decision.ALLOW, region.evaluate("dynamodb:GetItem", TABLE));
        assertEquals(Decision.IMPLICIT_DENY, region.evaluate("dynamodb:GetItem", TABLE + "/index/byEmail"));
    }

    @Test
    void evaluateWhenExplicitDenyThenDenyWinsOverAnyAllow() {
        PolicyDocument policy = PolicyDocument.read(List.of(Map.of("Statement", List.of(
                Map.of("Effect", "Allow", "Action", "dynamodb:*", "Resource", "*"),
                Map.of("Effect", "Deny", "Action", "dynamodb:DeleteItem", "Resource", TABLE)))), String::valueOf, "Fn");

        assertEquals(Decision.EXPLICIT_DENY, policy.evaluate("dynamodb:DeleteItem", TABLE));
        assertEquals(Decision.ALLOW, policy.evaluate("dynamodb:PutItem", TABLE));
    }

    @Test
    void readWhenManagedPolicyOrPolicyTemplateThenRefusedNamingTheOwner() {
        IllegalArgumentException managed = assertThrows(IllegalArgumentException.class,
                () -> PolicyDocument.read(List.of("AmazonDynamoDBFullAccess"), String::valueOf, "LinkInstallFunction"));
        IllegalArgumentException template = assertThrows(IllegalArgumentException.class, () -> PolicyDocument.read(
                List.of(Map.of("DynamoDBCrudPolicy", Map.of("TableName", "t"))), String::valueOf, "LinkInstallFunction"));

        assertTrue(managed.getMessage().startsWith("LinkInstallFunction: ") && managed.getMessage().contains("AmazonDynamoDBFullAccess"),
                managed.getMessage());
        assertTrue(template.getMessage().contains("DynamoDBCrudPolicy"), template.getMessage());
    }

    @Test
    void readWhenConditionOrNotActionThenRefused() {
        for (String element : List.of("Condition", "NotAction", "NotResource")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> read(Map.of(
                    "Effect", "Allow", "Action", "*", "Resource", "*", element, Map.of())));

            assertTrue(error.getMessage().contains(element), error.getMessage());
        }
    }

    @Test
    void readWhenEffectMissingOrResourceMissingThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("Action", "*", "Resource", "*")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("Effect", "Allow", "Action", "*")));
    }

    @Test
    void readThenResolvesEachResourceThroughTheGivenResolver() {
        PolicyDocument policy = PolicyDocument.read(List.of(Map.of("Statement", List.of(Map.of("Effect", "Allow",
                "Action", "dynamodb:GetItem", "Resource", Map.of("Fn::GetAtt", "Table.Arn"))))),
                value -> value instanceof Map<?, ?> ? TABLE : "unresolved", "Fn");

        assertEquals(Decision.ALLOW, policy.evaluate("dynamodb:GetItem", TABLE));
    }

    private static PolicyDocument read(Map<String, Object> statement) {
        return PolicyDocument.read(List.of(Map.of("Statement", List.of(statement))), String::valueOf, "Fn");
    }
}
