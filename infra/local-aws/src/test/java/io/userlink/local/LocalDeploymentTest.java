package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalDeploymentTest {

    private final SamTemplate template = SamTemplate.read(SamTemplate.locate(Path.of("")));
    private final LocalDeployment deployment = new LocalDeployment(template, Map.of(),
            name -> LocalDeployment.secretArnPrefix(name) + "-AbCdEf");

    @Test
    void environmentWhenResolvedThenRefsAndSubsGetTheLocalNamesAndArns() {
        SamTemplate.Function function = template.function("RegisterInstallFunction").orElseThrow();

        Map<String, String> environment = deployment.environment(function, Map.of("TOKEN_ISSUER", "http://127.0.0.1:3000"));

        assertEquals("userlink", environment.get("TABLE_NAME"));
        assertEquals("arn:aws:secretsmanager:us-east-1:000000000000:secret:userlink/key-ring-AbCdEf",
                environment.get("KEY_RING_SECRET_ID"), "a secret's Ref is its ARN, as CloudFormation gives it");
        assertEquals("userlink/apps/", environment.get("APP_CREDENTIALS_SECRET_PREFIX"));
        assertEquals("http://127.0.0.1:3000", environment.get("TOKEN_ISSUER"));
        assertEquals("60", environment.get("CREDENTIALS_CACHE_SECONDS"));
    }

    @Test
    void environmentWhenAParameterHasNoDefaultAndNoOverrideThenSaysWhich() {
        SamTemplate.Function function = template.function("RegisterInstallFunction").orElseThrow();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> deployment.environment(function, Map.of()));

        assertEquals("template parameter TokenIssuer has no default; the local runtime needs one", error.getMessage());
    }

    @Test
    void resolveWhenGetAttAndSubOfAttributesThenArns() {
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/userlink",
                deployment.resolve(Map.of("Fn::GetAtt", "UserlinkTable.Arn"), "test"));
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/userlink/index/*",
                deployment.resolve(Map.of("Fn::Sub", "${UserlinkTable.Arn}/index/*"), "test"));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:userlink-RotateKeyRingFunction",
                deployment.resolve(Map.of("Fn::GetAtt", List.of("RotateKeyRingFunction", "Arn")), "test"));
        assertEquals("arn:aws:secretsmanager:us-east-1:000000000000:secret:userlink/apps/*", deployment.resolve(Map.of(
                "Fn::Sub", "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${AWS::StackName}/apps/*"),
                "test"));
    }

    @Test
    void resolveWhenParameterOverriddenThenTheOverrideWins() {
        LocalDeployment overridden = new LocalDeployment(template, Map.of("SnapStartApplyOn", "None"), name -> name);

        assertEquals("None", overridden.resolve(Map.of("Ref", "SnapStartApplyOn"), "test"));
    }

    /** SES takes no display name beyond ASCII unencoded; CloudFormation refuses the value before deploying. */
    @Test
    void newWhenAParameterDoesNotMatchItsAllowedPatternThenRefusedWithItsConstraint() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new LocalDeployment(template,
                Map.of("MailFromAddress", "Müller <no-reply@example.com>"), name -> name));

        assertTrue(refused.getMessage().startsWith("template parameter MailFromAddress must match"), refused.getMessage());
        assertTrue(refused.getMessage().contains("RFC 2047 encoded word"), refused.getMessage());
        new LocalDeployment(template, Map.of("MailFromAddress", "=?UTF-8?B?TcO8bGxlcg==?= <no-reply@example.com>"),
                name -> name);
    }

    @Test
    void newWhenAParameterIsNotAmongItsAllowedValuesThenRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new LocalDeployment(template, Map.of("SnapStartApplyOn", "Always"), name -> name));

        assertEquals("template parameter SnapStartApplyOn must be one of [PublishedVersions, None]: Always",
                refused.getMessage());
    }

    @Test
    void resolveWhenUnsupportedIntrinsicThenSaysWhereItIs() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> deployment.resolve(Map.of("Fn::ImportValue", "x"), "LinkInstallFunction policy"));

        assertEquals(true, error.getMessage().endsWith("(in LinkInstallFunction policy)"), error.getMessage());
    }
}
