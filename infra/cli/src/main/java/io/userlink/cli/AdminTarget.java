package io.userlink.cli;

import io.userlink.account.AccountStore;
import io.userlink.account.AddressChange;
import io.userlink.account.LoginGuard;
import io.userlink.app.AppAdministration;
import io.userlink.config.Components;
import io.userlink.id.RandomIds;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.UserDeletion;
import io.userlink.identity.UserDirectory;
import io.userlink.local.LocalAwsClients;
import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import io.userlink.mail.UnsentMails;
import io.userlink.secrets.SecretsManagerAppCredentialsStore;
import io.userlink.storage.dynamodb.DynamoDbAccountStore;
import io.userlink.storage.dynamodb.DynamoDbAppStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbLoginAttempts;
import io.userlink.storage.dynamodb.DynamoDbOutbox;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;

/**
 * Where the admin commands act: a deployed stack on AWS (region and credentials from the usual AWS
 * environment, names from the stack's outputs), or a running local runtime ({@code --endpoint}), whose
 * names come from the template and whose operator key comes from the credentials file it wrote.
 */
final class AdminTarget {

    @Option(names = "--endpoint", description = "A running local runtime, e.g. http://127.0.0.1:3000 (default: AWS).")
    URI endpoint;

    @Option(names = "--region", description = "AWS region (default: AWS_REGION or the AWS profile's).")
    String region;

    @Option(names = "--table", defaultValue = "${env:USERLINK_TABLE}",
            description = "The stack's DynamoDB table (output TableName; env USERLINK_TABLE).")
    String table;

    @Option(names = "--secret-prefix", defaultValue = "${env:USERLINK_SECRET_PREFIX}",
            description = "The stack's app credential secret prefix (output AppCredentialsSecretPrefix; env USERLINK_SECRET_PREFIX).")
    String secretPrefix;

    @Option(names = "--key-ring-secret", defaultValue = "${env:USERLINK_KEY_RING_SECRET}",
            description = "The stack's key ring secret (output KeyRingSecretArn; env USERLINK_KEY_RING_SECRET).")
    String keyRingSecret;

    @Option(names = "--deletion-dead-letter-queue", defaultValue = "${env:USERLINK_DELETION_DEAD_LETTER_QUEUE}",
            description = "The stack's dead-letter queue of unfinished user deletions (output DeletionDeadLetterQueueUrl;"
                    + " env USERLINK_DELETION_DEAD_LETTER_QUEUE).")
    String deletionDeadLetterQueue;

    @Option(names = "--mail-dead-letter-queue", defaultValue = "${env:USERLINK_MAIL_DEAD_LETTER_QUEUE}",
            description = "The stack's dead-letter queue of mails the sender gave up on (output MailDeadLetterQueueUrl;"
                    + " env USERLINK_MAIL_DEAD_LETTER_QUEUE).")
    String mailDeadLetterQueue;

    @Option(names = "--template", description = "With --endpoint: the SAM template naming the local resources"
            + " (default: template.yaml here or in a parent directory).")
    Path template;

    @Option(names = "--credentials-file", defaultValue = ".userlink/credentials.json",
            description = "With --endpoint: the file `serve` wrote, holding the operator's AWS key (default: ${DEFAULT-VALUE}).")
    Path credentialsFile;

    AppAdministration administration() {
        return new AppAdministration(new DynamoDbAppStore(dynamoDb(), tableName()),
                new SecretsManagerAppCredentialsStore(secretsManager(), secretPrefix()),
                new RandomIds(new SecureRandom()), InstantSource.system());
    }

    /** Users as the lookup route sees them, read with the operator's permissions. */
    UserDirectory users() {
        return new UserDirectory(identities());
    }

    /** User deletion with the operator's permissions, retrying a lost race as a request does. */
    UserDeletion userDeletion() {
        return new UserDeletion(identities(), retry(), InstantSource.system());
    }

    /** Changes of address with the operator's permissions, retrying a lost race as a request does. */
    AddressChange addressChange() {
        return new AddressChange(identities(), accounts(), retry(), new RandomIds(new SecureRandom()),
                InstantSource.system());
    }

    /** Accounts and their mailed tokens, read with the operator's permissions. */
    AccountStore accounts() {
        return new DynamoDbAccountStore(dynamoDb(), tableName());
    }

    /** What a request's operations retry a lost race with. */
    private static ConflictRetry retry() {
        return new ConflictRetry(Components.CONFLICT_RETRY_BUDGET, ThreadLocalRandom::current);
    }

    private DynamoDbIdentityStore identities() {
        return new DynamoDbIdentityStore(dynamoDb(), tableName(), InstantSource.system());
    }

    /** The failed-login counts, which an operator may clear. */
    LoginGuard loginGuard() {
        return new LoginGuard(new DynamoDbLoginAttempts(dynamoDb(), tableName()), InstantSource.system());
    }

    SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.builder());
    }

    /**
     * Empties a dead-letter queue, so that its alarm can fire again for a later failure, and says so; SQS purges a
     * queue at most once a minute.
     */
    String emptyQueue(String queueUrl) {
        try (SqsClient sqs = client(SqsClient.builder())) {
            sqs.purgeQueue(r -> r.queueUrl(queueUrl));
            return "emptied the dead-letter queue " + queueUrl;
        } catch (PurgeQueueInProgressException purgedWithinAMinute) {
            return "the dead-letter queue " + queueUrl + " was emptied less than a minute ago: what failed since stays";
        }
    }

    /** The URL of the queue where the deletion finisher's failed batches wait. */
    String deletionDeadLetterQueue() {
        return endpoint != null ? LocalDeployment.queueUrl(endpoint, "DeletionDeadLetterQueue")
                : required(deletionDeadLetterQueue, "--deletion-dead-letter-queue", "DeletionDeadLetterQueueUrl");
    }

    /** The URL of the queue where the mail sender's failed batches wait. */
    String mailDeadLetterQueue() {
        return endpoint != null ? LocalDeployment.queueUrl(endpoint, "MailDeadLetterQueue")
                : required(mailDeadLetterQueue, "--mail-dead-letter-queue", "MailDeadLetterQueueUrl");
    }

    /** The outbox's unsent mails, as the operator may send them again. */
    UnsentMails unsentMails() {
        return new UnsentMails(new DynamoDbOutbox(dynamoDb(), tableName()), new RandomIds(new SecureRandom()),
                InstantSource.system());
    }

    String keyRingSecret() {
        return endpoint != null ? localName("KEY_RING_SECRET_ID") : required(keyRingSecret, "--key-ring-secret", "KeyRingSecretArn");
    }

    private DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.builder());
    }

    /** A client of the local runtime as the operator, or of AWS with the environment's region and credentials. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return endpoint != null ? LocalAwsClients.build(builder, endpoint, OperatorCredentials.read(credentialsFile))
                : withRegion(builder.httpClient(UrlConnectionHttpClient.create())).build();
    }

    private String tableName() {
        return endpoint != null ? localName("TABLE_NAME") : required(table, "--table", "TableName");
    }

    private String secretPrefix() {
        return endpoint != null ? localName("APP_CREDENTIALS_SECRET_PREFIX")
                : required(secretPrefix, "--secret-prefix", "AppCredentialsSecretPrefix");
    }

    /** What the local runtime names a resource: the functions' environment, resolved as it resolves it. */
    private String localName(String variable) {
        SamTemplate parsed = SamTemplate.read(template != null ? template : SamTemplate.locate(Path.of("")));
        SamTemplate.Function any = parsed.functions().getFirst();
        return LocalDeployment.names(parsed).environment(any, Map.of("TOKEN_ISSUER", "unused")).get(variable);
    }

    private <B extends AwsClientBuilder<B, ?>> B withRegion(B builder) {
        return region == null ? builder : builder.region(Region.of(region));
    }

    private static String required(String value, String option, String output) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("name the stack's resources: " + option + " (the stack output " + output
                    + "), or use --endpoint for a local runtime");
        }
        return value;
    }
}
