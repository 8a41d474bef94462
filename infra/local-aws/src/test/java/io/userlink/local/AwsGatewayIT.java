package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.local.iam.AccessKey;
import io.userlink.local.iam.PolicyDocument.Decision;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The gateway as AWS's endpoints behave: signed calls only, each authorized against its principal's policy. */
class AwsGatewayIT {

    private static LocalAws aws;
    private static final List<AwsGateway.Access> accesses = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        aws = LocalAws.start(SamTemplate.locate(Path.of("")));
        aws.gateway().onAccess(accesses::add);
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void callWhenThePolicyAllowsThenServed() {
        try (SecretsManagerClient jwks = aws.client(SecretsManagerClient.builder(), aws.principal("JwksFunction"))) {
            String publicKeys = aws.deployment().resolve(Map.of("Ref", "PublicKeysSecret"), "test");

            assertTrue(jwks.getSecretValue(r -> r.secretId(publicKeys)).secretString().contains("placeholder"),
                    "a fresh stack's public keys hold the template's placeholder");
        }
    }

    @Test
    void callWhenThePolicyGrantsNothingForTheActionThenAccessDeniedNamingPrincipalActionAndResource() {
        try (DynamoDbClient jwks = aws.client(DynamoDbClient.builder(), aws.principal("JwksFunction"))) {
            DynamoDbException denied = assertThrows(DynamoDbException.class, () -> jwks.getItem(r -> r.tableName("userlink")
                    .key(Map.of("pk", AttributeValue.fromS("APP#a"), "sk", AttributeValue.fromS("APP")))));

            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
            assertEquals(400, denied.statusCode());
            assertEquals("User: arn:aws:sts::000000000000:assumed-role/userlink-JwksFunctionRole/userlink-JwksFunction"
                    + " is not authorized to perform: dynamodb:GetItem on resource:"
                    + " arn:aws:dynamodb:us-east-1:000000000000:table/userlink because no identity-based policy allows"
                    + " the dynamodb:GetItem action", denied.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void callWhenTheResourceIsOutsideThePolicyThenAccessDenied() {
        try (SecretsManagerClient jwks = aws.client(SecretsManagerClient.builder(), aws.principal("JwksFunction"))) {
            SecretsManagerException denied = assertThrows(SecretsManagerException.class,
                    () -> jwks.getSecretValue(r -> r.secretId("userlink/apps/app-anything")));

            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
            assertTrue(denied.getMessage().contains("secretsmanager:GetSecretValue on resource: "
                    + "arn:aws:secretsmanager:us-east-1:000000000000:secret:userlink/apps/app-anything"), denied.getMessage());
        }
    }

    /** As AWS does, every answer names its request, refusals too: the functions' logs quote the id for a support case. */
    @Test
    void callWhenRefusedThenTheAnswerHasARequestIdOfItsOwn() {
        try (SecretsManagerClient jwks = aws.client(SecretsManagerClient.builder(), aws.principal("JwksFunction"))) {
            SecretsManagerException first = assertThrows(SecretsManagerException.class,
                    () -> jwks.getSecretValue(r -> r.secretId("userlink/apps/app-anything")));
            SecretsManagerException second = assertThrows(SecretsManagerException.class,
                    () -> jwks.getSecretValue(r -> r.secretId("userlink/apps/app-anything")));

            assertNotNull(first.requestId());
            assertNotEquals(first.requestId(), second.requestId());
        }
    }

    @Test
    void transactWriteItemsWhenOneActionIsNotAllowedThenTheWholeCallIsDeniedAndNothingWritten() {
        String pk = "TEST#" + System.nanoTime();
        try (DynamoDbClient register = aws.client(DynamoDbClient.builder(), aws.principal("RegisterInstallFunction"));
             DynamoDbClient harness = aws.client(DynamoDbClient.builder(), aws.principal(LocalAws.HARNESS))) {
            accesses.clear();

            TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName("userlink")
                    .item(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("A")))).build();
            TransactWriteItem delete = TransactWriteItem.builder().delete(d -> d.tableName("userlink")
                    .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("B")))).build();

            DynamoDbException denied = assertThrows(DynamoDbException.class,
                    () -> register.transactWriteItems(r -> r.transactItems(put, delete)));

            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
            assertTrue(denied.getMessage().contains("dynamodb:DeleteItem"), denied.getMessage());
            assertEquals(List.of(new AwsGateway.Access("RegisterInstallFunction", "dynamodb:PutItem",
                    "arn:aws:dynamodb:us-east-1:000000000000:table/userlink", Decision.ALLOW),
                    new AwsGateway.Access("RegisterInstallFunction", "dynamodb:DeleteItem",
                    "arn:aws:dynamodb:us-east-1:000000000000:table/userlink", Decision.IMPLICIT_DENY)), accesses);
            assertFalse(harness.getItem(r -> r.tableName("userlink").key(Map.of("pk", AttributeValue.fromS(pk),
                    "sk", AttributeValue.fromS("A")))).hasItem());
        }
    }

    /**
     * Two actions on one item are malformed, as DynamoDB answers, before any condition is read: DynamoDB Local alone
     * cancels the first call below as a failed condition (the second put sees the first), which a caller would read as
     * a conflict. Two items of one partition are two items.
     */
    @Test
    void transactWriteItemsWhenTwoActionsNameOneItemThenValidationExceptionWhateverTheConditionsAndNothingWritten() {
        String pk = "TEST#" + System.nanoTime();
        Map<String, AttributeValue> first = Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("A"));
        Map<String, AttributeValue> second = Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("B"));
        try (DynamoDbClient harness = aws.client(DynamoDbClient.builder(), aws.principal(LocalAws.HARNESS))) {
            TransactWriteItem putIfAbsent = TransactWriteItem.builder().put(p -> p.tableName("userlink").item(first)
                    .conditionExpression("attribute_not_exists(pk)")).build();
            TransactWriteItem checkByArn = TransactWriteItem.builder().conditionCheck(c -> c
                    .tableName("arn:aws:dynamodb:us-east-1:000000000000:table/userlink").key(first)
                    .conditionExpression("attribute_not_exists(pk)")).build();

            for (List<TransactWriteItem> actions : List.of(List.of(putIfAbsent, putIfAbsent), List.of(putIfAbsent, checkByArn))) {
                DynamoDbException refused = assertThrows(DynamoDbException.class,
                        () -> harness.transactWriteItems(r -> r.transactItems(actions)));

                assertEquals("ValidationException", refused.awsErrorDetails().errorCode());
                assertEquals(TransactionItems.MULTIPLE_OPERATIONS, refused.awsErrorDetails().errorMessage());
                assertFalse(harness.getItem(r -> r.tableName("userlink").key(first)).hasItem());
            }

            harness.transactWriteItems(r -> r.transactItems(putIfAbsent, TransactWriteItem.builder()
                    .put(p -> p.tableName("userlink").item(second).conditionExpression("attribute_not_exists(pk)")).build()));

            assertTrue(harness.getItem(r -> r.tableName("userlink").key(first)).hasItem());
            assertTrue(harness.getItem(r -> r.tableName("userlink").key(second)).hasItem());
        }
    }

    @Test
    void callWhenMadeUpCredentialsThenUnrecognizedClient() {
        AccessKey madeUp = AccessKey.longTerm();
        try (SecretsManagerClient stranger = LocalAwsClients.build(SecretsManagerClient.builder(), aws.endpoint(), madeUp)) {
            AwsServiceException refused = assertThrows(AwsServiceException.class,
                    () -> stranger.getSecretValue(r -> r.secretId("userlink/key-ring")));

            assertEquals("UnrecognizedClientException", refused.awsErrorDetails().errorCode());
        }
    }

    @Test
    void callWhenRightKeyIdButWrongSecretThenSignatureDoesNotMatch() {
        AccessKey operator = aws.principal(LocalAws.OPERATOR).key();
        AccessKey guessed = new AccessKey(operator.id(), "guessed", Optional.empty());
        try (SecretsManagerClient forger = LocalAwsClients.build(SecretsManagerClient.builder(), aws.endpoint(), guessed)) {
            AwsServiceException refused = assertThrows(AwsServiceException.class,
                    () -> forger.getSecretValue(r -> r.secretId("userlink/key-ring")));

            assertEquals("InvalidSignatureException", refused.awsErrorDetails().errorCode());
        }
    }

    @Test
    void callWhenUnsignedThenRefusedWithoutData() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(aws.endpoint())
                .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\": \"userlink/key-ring\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("MissingAuthenticationTokenException"), response.body());
        assertFalse(response.body().contains("placeholder"), response.body());
    }

    @Test
    void rotateSecretWhenCallerMayNotInvokeTheRotationFunctionThenAccessDenied() {
        String arn = aws.deployment().resolve(Map.of("Ref", "KeyRingSecret"), "test");
        aws.secretsManager().onRotation("userlink/key-ring",
                LocalSecretsManager.RotationFunction.runningNoStep(LocalDeployment.functionArn("RotateKeyRingFunction")));
        try (SecretsManagerClient rotator = aws.client(SecretsManagerClient.builder(), aws.principal("RotateKeyRingFunction"))) {
            SecretsManagerException denied = assertThrows(SecretsManagerException.class, () -> rotator.rotateSecret(r -> r.secretId(arn)));

            assertTrue(denied.getMessage().contains("secretsmanager:RotateSecret"), denied.getMessage());
        }
    }
}
