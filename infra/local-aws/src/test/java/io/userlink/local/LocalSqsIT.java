package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** The template's queues through the gateway, with the SDK's SQS client, under the template's operator policy. */
class LocalSqsIT {

    private static LocalAws aws;

    @BeforeAll
    static void start() {
        aws = LocalAws.start(SamTemplate.locate(Path.of("")));
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void purgeQueueWhenTheOperatorEmptiesTheDeletionDeadLetterQueueThenItsMessagesAreGoneAndASecondPurgeWaits()
            throws IOException {
        aws.sqs().send("userlink-DeletionDeadLetterQueue", "{\"batch\": 1}");
        String queue = LocalDeployment.queueUrl(aws.endpoint(), "DeletionDeadLetterQueue");

        try (SqsClient operator = aws.client(SqsClient.builder(), aws.principal(LocalAws.OPERATOR))) {
            operator.purgeQueue(r -> r.queueUrl(queue));

            assertEquals(List.of(), aws.sqs().messages("userlink-DeletionDeadLetterQueue"));
            assertThrows(PurgeQueueInProgressException.class, () -> operator.purgeQueue(r -> r.queueUrl(queue)));
        }
    }

    /** The mail sender may send its failed batches to its dead-letter queue, and no more. */
    @Test
    void purgeQueueWhenThePolicyDoesNotGrantItOnThatQueueThenAccessDenied() {
        String mail = LocalDeployment.queueUrl(aws.endpoint(), "MailDeadLetterQueue");

        try (SqsClient sender = aws.client(SqsClient.builder(), aws.principal("SendMailFunction"))) {
            SqsException denied = assertThrows(SqsException.class, () -> sender.purgeQueue(r -> r.queueUrl(mail)));

            assertTrue(denied.awsErrorDetails().errorMessage().contains("sqs:PurgeQueue on resource: "
                    + "arn:aws:sqs:us-east-1:000000000000:userlink-MailDeadLetterQueue"), denied.getMessage());
        }
    }

    @Test
    void purgeQueueWhenNoSuchQueueThenQueueDoesNotExist() {
        try (SqsClient harness = aws.client(SqsClient.builder(), aws.principal(LocalAws.HARNESS))) {
            assertThrows(QueueDoesNotExistException.class,
                    () -> harness.purgeQueue(r -> r.queueUrl(aws.endpoint() + "/000000000000/nobodys-queue")));
        }
    }
}
