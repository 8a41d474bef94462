package io.userlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.userlink.config.Settings;
import io.userlink.http.RouteTable;
import io.userlink.json.Json;
import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import io.userlink.secrets.RotatedSecret;
import io.userlink.support.Events;
import io.userlink.support.TestAws;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** template.yaml against the code: handlers, routes, events and environment agree. */
class TemplateTest {

    private final SamTemplate template = SamTemplate.read(TestAws.template());

    @Test
    void everyHandlerResolvesToALambdaStreamHandlerWithANoArgumentConstructor() throws Exception {
        for (SamTemplate.Function function : template.functions()) {
            String[] handler = function.handler().split("::");
            assertEquals("handleRequest", handler[1], function.logicalId());
            Class<?> type = Class.forName(handler[0]);
            // A stream handler reads its raw event: the runtime's POJO serializer never runs (BENCHMARKS.md, "Cold start, per function").
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type), function.logicalId() + " is no RequestStreamHandler");
            assertTrue(java.lang.reflect.Modifier.isPublic(type.getConstructor().getModifiers()), function.logicalId());
        }
    }

    @Test
    void everyRouteHasAnEventFileForThatRoute() throws IOException {
        Set<String> routeKeys = new HashSet<>();
        try (Stream<Path> files = Files.list(TestAws.template().getParent().resolve("events"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                APIGatewayV2HTTPEvent event = Events.load(file.getFileName().toString());
                routeKeys.add(event.getRouteKey());
            }
        }
        for (SamTemplate.Route route : template.routes()) {
            String key = route.path().equals("$default") ? "$default" : route.method() + " " + route.path();
            assertTrue(routeKeys.contains(key), "no events/ file for " + key);
        }
    }

    @Test
    void routeTableMatchesTheTemplatesRoutes() {
        Set<RouteTable.Route> declared = template.routes().stream()
                .filter(route -> !route.path().equals("$default"))
                .map(route -> new RouteTable.Route(route.method(), route.path()))
                .collect(Collectors.toSet());

        assertEquals(declared, Set.copyOf(RouteTable.ROUTES));
        assertTrue(template.routes().stream().anyMatch(route -> route.path().equals("$default")), "no $default route");
    }

    @Test
    void everyEnvironmentVariableTheCodeReadsIsSetForEveryFunction() {
        for (SamTemplate.Function function : template.functions()) {
            for (String variable : Settings.VARIABLES) {
                assertTrue(function.environment().containsKey(variable), function.logicalId() + " lacks " + variable);
            }
        }
    }

    @Test
    void keyRingAndPublicKeysSecretsStartAsThePlaceholderThatPrimingAndTheFirstRotationRecognise() {
        for (String secret : List.of("KeyRingSecret", "PublicKeysSecret")) {
            Object initial = template.resourcesOfType("AWS::SecretsManager::Secret").get(secret).get("SecretString");

            assertTrue(RotatedSecret.isPlaceholder(Json.parseTrustedObject(String.valueOf(initial))), secret + ": " + initial);
        }
    }

    /**
     * An update that adds the public keys secret must write it before the functions that read it run: those functions
     * wait for {@code PublicKeysPublication}, which the rotation function (the one writer of the secret) serves.
     */
    @Test
    void theFunctionsThatReadThePublicKeysWaitForTheirPublicationByTheRotationFunction() {
        Map<?, ?> resources = (Map<?, ?>) template.raw().get("Resources");
        SamTemplate.Resource publication = template.customResources().get("PublicKeysPublication");
        assertTrue(String.valueOf(publication.properties().get("ServiceToken")).contains("RotateKeyRingFunction.Arn"),
                String.valueOf(publication.properties()));

        List<String> readers = template.functions().stream()
                .filter(function -> !function.logicalId().equals("RotateKeyRingFunction"))
                .filter(function -> String.valueOf(function.policies()).contains("Ref=PublicKeysSecret"))
                .map(SamTemplate.Function::logicalId).toList();

        assertEquals(6, readers.size(), String.valueOf(readers));
        for (String reader : readers) {
            Object dependsOn = ((Map<?, ?>) resources.get(reader)).get("DependsOn");
            assertTrue(String.valueOf(dependsOn).contains("PublicKeysPublication"), reader + ": " + dependsOn);
        }
    }

    @Test
    void everyParameterAFunctionUsesPublishesANewVersionOfIt() throws Exception {
        Path script = TestAws.template().getParent().resolve("infra/checks/published_versions.py");
        Process process;
        try {
            process = new ProcessBuilder("python3", script.toString(), TestAws.template().toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noPython) {
            Assumptions.abort("python3 is not installed: " + noPython.getMessage());
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        Assumptions.assumeFalse(status == 2, output);

        assertEquals(0, status, output);
    }

    @Test
    void noApiGatewayAuthorizerIsConfigured() {
        String text = template.raw().toString();

        assertFalse(text.contains("Authorizer"), "handlers authenticate through the one Authenticator; README, How it fits together");
    }

    @Test
    void theTableIsOnDemandWithTtlAndPointInTimeRecovery() {
        Map<String, Object> table = template.table();

        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));
        assertEquals(Map.of("AttributeName", "expires_at", "Enabled", true), table.get("TimeToLiveSpecification"));
        assertEquals(Map.of("PointInTimeRecoveryEnabled", true), table.get("PointInTimeRecoverySpecification"));
        assertEquals(List.of(), table.getOrDefault("GlobalSecondaryIndexes", List.of()));
    }

    /**
     * README, "Accounts": a C1-only JIT makes one 600,000-iteration hash take seconds, and Lambda's java25 runtime
     * stops at C1 for a function without SnapStart unless the function sets its level. The other functions keep
     * Lambda's default.
     */
    @Test
    void theFunctionsThatHashPasswordsRunTheFullJitOnAWholeVcpu() {
        Set<String> hashing = Set.of("RegisterAccountFunction", "SignInFunction", "ChangePasswordFunction",
                "ResetPasswordFunction", "DeleteAccountFunction", "ChangeEmailFunction");
        for (SamTemplate.Function function : template.functions()) {
            String logicalId = function.logicalId();
            Object options = function.environment().get("JAVA_TOOL_OPTIONS");
            if (hashing.contains(logicalId)) {
                assertEquals("-XX:TieredStopAtLevel=4", options, logicalId);
                assertEquals(Map.of("Ref", "PasswordFunctionMemorySize"), function.properties().get("MemorySize"),
                        logicalId);
            } else {
                assertNull(options, logicalId);
                assertNotEquals(Map.of("Ref", "PasswordFunctionMemorySize"), function.properties().get("MemorySize"),
                        logicalId);
            }
        }
        Map<?, ?> memory = (Map<?, ?>) ((Map<?, ?>) template.raw().get("Parameters")).get("PasswordFunctionMemorySize");
        assertEquals(1769, memory.get("Default"), "the size at which Lambda gives one whole vCPU");
    }

    /**
     * API Gateway stops waiting for an HTTP API's integration after 30 seconds, its default and its most, and answers
     * with a 5xx of its own while the function runs on: every function a route calls ends within that, by its own timeout
     * (Globals merged in), so a slow request fails as Lambda fails it, in the function's log, and no work goes on
     * after its caller got an answer.
     */
    @Test
    void everyFunctionARouteCallsTimesOutWithinTheApisIntegrationTimeout() {
        List<SamTemplate.Function> routed = template.functions().stream().filter(f -> !f.routes().isEmpty()).toList();
        assertFalse(routed.isEmpty());
        for (SamTemplate.Function function : routed) {
            Object timeout = function.properties().get("Timeout");
            assertTrue(timeout instanceof Integer seconds && seconds <= 30, function.logicalId() + ": Timeout " + timeout);
        }
    }

    /**
     * Nobody waits on the functions that no route calls, so nobody sees them fail: each has an alarm, on the depth of
     * the queue its event source sends failed batches to, or else on its errors (README, "Deploying with SAM", Alarms).
     */
    @Test
    void everyFunctionThatNoRouteCallsHasAnAlarmOnItsFailures() {
        Map<String, Map<String, Object>> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");
        List<SamTemplate.Function> unrouted = template.functions().stream().filter(f -> f.routes().isEmpty()).toList();
        assertEquals(Set.of("RotateKeyRingFunction", "SendMailFunction", "FinishDeletionFunction"),
                unrouted.stream().map(SamTemplate.Function::logicalId).collect(Collectors.toSet()));

        for (SamTemplate.Function function : unrouted) {
            List<String> failureQueues = failureQueues(function);
            if (failureQueues.isEmpty()) {
                assertTrue(alarms.values().stream().anyMatch(alarm -> watches(alarm, "AWS/Lambda", "Errors",
                        "FunctionName", Map.of("Ref", function.logicalId()))), function.logicalId() + ": no alarm on its errors");
            }
            for (String queue : failureQueues) {
                assertTrue(alarms.values().stream().anyMatch(alarm -> watches(alarm, "AWS/SQS",
                        "ApproximateNumberOfMessagesVisible", "QueueName", Map.of("Fn::GetAtt", queue + ".QueueName"))),
                        function.logicalId() + ": no alarm on the depth of " + queue);
            }
        }
    }

    /**
     * A caller that gets a 5xx sees the failure, but the person on call does not: every HTTP API of the template has
     * an alarm on its server errors, at the threshold the deployment chose. An HTTP API publishes them as {@code 5xx}
     * per {@code ApiId}; an alarm on a REST API's {@code 5XXError} or on {@code ApiName} would watch a metric that
     * never comes, and stay OK (README, "When the API fails").
     */
    @Test
    void everyHttpApiHasAnAlarmOnItsServerErrorsAtTheDeploymentsThreshold() {
        Set<String> apis = template.resourcesOfType("AWS::Serverless::HttpApi").keySet();
        assertFalse(apis.isEmpty());
        Collection<Map<String, Object>> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm").values();

        for (String api : apis) {
            assertTrue(alarms.stream().anyMatch(alarm -> "AWS/ApiGateway".equals(alarm.get("Namespace"))
                    && "5xx".equals(alarm.get("MetricName"))
                    && List.of(Map.of("Name", "ApiId", "Value", Map.of("Ref", api))).equals(alarm.get("Dimensions"))
                    && "Sum".equals(alarm.get("Statistic"))
                    && Map.of("Ref", "ApiServerErrorAlarmThreshold").equals(alarm.get("Threshold"))
                    && "GreaterThanOrEqualToThreshold".equals(alarm.get("ComparisonOperator"))
                    && "notBreaching".equals(alarm.get("TreatMissingData"))), api + ": no alarm on its 5xx");
        }
        Map<?, ?> threshold = (Map<?, ?>) ((Map<?, ?>) template.raw().get("Parameters")).get("ApiServerErrorAlarmThreshold");
        assertEquals(1, threshold.get("MinValue"), "at zero it would fire in every period with a request");
    }

    /**
     * A slow API wakes someone only where the deployment says what slow is: the latency alarm exists under a condition
     * on its threshold (none at the default 0), and watches the HTTP API's p99 {@code Latency} per {@code ApiId}, the
     * metric an HTTP API publishes (README, "When the API is slow").
     */
    @Test
    void latencyAlarmWhenTheDeploymentNamesAThresholdThenOnTheApisP99ElseNone() {
        Map<?, ?> resources = (Map<?, ?>) template.raw().get("Resources");
        Map<?, ?> alarm = (Map<?, ?>) resources.get("ApiLatencyAlarm");
        String api = template.resourcesOfType("AWS::Serverless::HttpApi").keySet().iterator().next();

        assertEquals("ApiLatencyAlarmWanted", alarm.get("Condition"));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "ApiLatencyAlarmMilliseconds"),
                "0")))), ((Map<?, ?>) template.raw().get("Conditions")).get("ApiLatencyAlarmWanted"));
        Map<?, ?> properties = (Map<?, ?>) alarm.get("Properties");
        assertEquals("Latency", properties.get("MetricName"));
        assertEquals(List.of(Map.of("Name", "ApiId", "Value", Map.of("Ref", api))), properties.get("Dimensions"));
        assertEquals("p99", properties.get("ExtendedStatistic"));
        assertEquals(Map.of("Ref", "ApiLatencyAlarmMilliseconds"), properties.get("Threshold"));
        assertEquals(0, ((Map<?, ?>) ((Map<?, ?>) template.raw().get("Parameters")).get("ApiLatencyAlarmMilliseconds"))
                .get("Default"));
    }

    /** The queues that a function's event sources send the batches it failed to (their logical ids). */
    private static List<String> failureQueues(SamTemplate.Function function) {
        Map<?, ?> events = (Map<?, ?>) function.properties().getOrDefault("Events", Map.of());
        return events.values().stream()
                .map(event -> SamTemplate.path(event, "Properties", "DestinationConfig", "OnFailure", "Destination"))
                .filter(Objects::nonNull)
                .map(destination -> String.valueOf(((Map<?, ?>) destination).get("Fn::GetAtt")).replace(".Arn", ""))
                .toList();
    }

    /** Whether an alarm fires on the first one of a metric (any value above zero) of the resource named. */
    private static boolean watches(Map<String, Object> alarm, String namespace, String metric, String dimension,
                                   Object resource) {
        return namespace.equals(alarm.get("Namespace")) && metric.equals(alarm.get("MetricName"))
                && List.of(Map.of("Name", dimension, "Value", resource)).equals(alarm.get("Dimensions"))
                && Integer.valueOf(0).equals(alarm.get("Threshold"))
                && "GreaterThanThreshold".equals(alarm.get("ComparisonOperator"));
    }

    /**
     * Every alarm notifies {@code AlarmTopicArn}, or the {@code MailAlarmTopicArn} that stacks deployed before its
     * rename still pass, and nothing without either.
     */
    @Test
    void everyAlarmNotifiesTheOnCallTopicByItsNameOrItsDeprecatedOne() {
        Map<Map<String, String>, List<String>> actionsByParameters = Map.of(
                Map.of(), List.of(),
                Map.of("AlarmTopicArn", "arn:aws:sns:us-east-1:1:on-call"), List.of("arn:aws:sns:us-east-1:1:on-call"),
                Map.of("MailAlarmTopicArn", "arn:aws:sns:us-east-1:1:mail"), List.of("arn:aws:sns:us-east-1:1:mail"),
                Map.of("AlarmTopicArn", "arn:aws:sns:us-east-1:1:on-call", "MailAlarmTopicArn", "arn:aws:sns:us-east-1:1:mail"),
                List.of("arn:aws:sns:us-east-1:1:on-call"));
        Map<String, Map<String, Object>> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");
        assertFalse(alarms.isEmpty());

        actionsByParameters.forEach((parameters, expected) -> {
            LocalDeployment deployment = new LocalDeployment(template, parameters, name -> name);
            alarms.forEach((logicalId, alarm) -> {
                Map<?, ?> applied = (Map<?, ?>) deployment.withConditionsApplied(alarm, logicalId);
                List<?> actions = (List<?>) applied.get("AlarmActions");
                List<String> resolved = actions == null ? List.of()
                        : actions.stream().map(action -> deployment.resolve(action, logicalId)).toList();
                assertEquals(expected, resolved, logicalId + " with " + parameters);
            });
        });
    }

    /**
     * An alarm's description reaches the person on call in its notification, and the template's other descriptions
     * reach whoever deploys it: each README section they send the reader to (a heading, or a bold bullet) exists.
     */
    @Test
    void everyReadmeSectionTheTemplateNamesExists() throws IOException {
        Path project = TestAws.template().getParent();
        String template = Files.readString(TestAws.template()).replaceAll("\\s+", " ");
        String readme = Files.readString(project.resolve("README.md"));
        Matcher named = Pattern.compile("README, \"([^\"]+)\"").matcher(template);
        List<String> missing = new ArrayList<>();
        int names = 0;
        while (named.find()) {
            names++;
            String section = named.group(1);
            if (!Pattern.compile("(?m)^#{2,3} " + Pattern.quote(section) + "$").matcher(readme).find()
                    && !readme.contains("**" + section + ".**")) {
                missing.add(section);
            }
        }
        assertTrue(names > 0);
        assertEquals(List.of(), missing);
    }

    @Test
    void registrationAndSignInAreThrottledPerRoute() {
        Map<?, ?> routeSettings = (Map<?, ?>) template.resourcesOfType("AWS::Serverless::HttpApi").get("UserlinkApi")
                .get("RouteSettings");

        for (String route : List.of("POST /v1/accounts", "POST /v1/accounts/sign-in")) {
            Map<?, ?> settings = (Map<?, ?>) routeSettings.get(route);
            assertEquals(Map.of("Ref", "AccountRateLimit"), settings.get("ThrottlingRateLimit"), route);
            assertEquals(Map.of("Ref", "AccountBurstLimit"), settings.get("ThrottlingBurstLimit"), route);
        }
    }
}
