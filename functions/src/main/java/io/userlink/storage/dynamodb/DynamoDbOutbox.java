package io.userlink.storage.dynamodb;

import io.userlink.mail.Outbox;
import io.userlink.mail.OutboxMail;
import io.userlink.mail.UnsentMails;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The outbox in DynamoDB: {@code OUTBOX#<outbox id>} / {@code OUTBOX}, written by the transactions of the changes
 * that cause mails and read by the mail sender, each listed under {@code UNSENT#<n>} until it is marked (so the person
 * on call finds the unsent ones without a scan). A claim is one conditional update that also returns the mail; a
 * refused claim returns what refused it. {@code sent_at} marks a mail the outbox is done with: sent (with the mail
 * service's {@code message_id}) or, with a {@code dropped} reason, not; a mail sent again names its copy in
 * {@code requeued_as}.
 */
public final class DynamoDbOutbox implements Outbox {

    /** A mail neither marked nor held by a sender's claim: one that no sender will send before it is marked. */
    private static final String UNCLAIMED = "attribute_exists(pk) AND attribute_not_exists(sent_at)"
            + " AND (attribute_not_exists(claimed_until) OR claimed_until <= :now)";
    private static final String DROP_UNCLAIMED = "SET sent_at = :now, dropped = :reason";
    /** DynamoDB's limit of keys in one BatchGetItem. */
    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbOutbox(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
    }

    @Override
    public Optional<String> outboxIdOfKey(String partitionKey) {
        return partitionKey != null && partitionKey.startsWith(Keys.OUTBOX_PARTITION)
                ? Optional.of(partitionKey.substring(Keys.OUTBOX_PARTITION.length())) : Optional.empty();
    }

    @Override
    public Claim claim(String outboxId, Instant now, Duration lease) {
        try {
            var claimed = DynamoDbErrors.translated(() -> dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Keys.outbox(outboxId))
                    .updateExpression("SET claimed_until = :until ADD attempts :one")
                    .conditionExpression(UNCLAIMED)
                    .expressionAttributeValues(Map.of(
                            ":until", epochSeconds(now.plus(lease)),
                            ":now", epochSeconds(now),
                            ":one", AttributeValue.fromN("1")))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return new Claim.Claimed(MailItems.mail(Item.of(claimed.attributes())));
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                return new Claim.Missing();
            }
            return e.item().containsKey("sent_at") ? new Claim.AlreadySent() : new Claim.Busy();
        }
    }

    @Override
    public void markSent(String outboxId, String messageId, Instant now) {
        settle(outboxId, "message_id", messageId, now);
    }

    @Override
    public void markDropped(String outboxId, String reason, Instant now) {
        settle(outboxId, "dropped", reason, now);
    }

    /**
     * Marks the mail done with ({@code sent_at}), recording {@code attribute} (why), and ends any claim; and takes it
     * off the list of unsent mails, in the same transaction.
     */
    private void settle(String outboxId, String attribute, String value, Instant now) {
        List<TransactWriteItem> actions = marking(outboxId, "SET sent_at = :now, " + attribute
                + " = :value REMOVE claimed_until", "attribute_exists(pk)",
                Map.of(":now", epochSeconds(now), ":value", AttributeValue.fromS(value)));
        DynamoDbErrors.translated(() -> dynamoDb.transactWriteItems(r -> r.transactItems(actions)));
    }

    @Override
    public void release(String outboxId) {
        try {
            DynamoDbErrors.translated(() -> dynamoDb.updateItem(r -> r.tableName(table).key(Keys.outbox(outboxId))
                    .updateExpression("REMOVE claimed_until")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(sent_at)")));
        } catch (ConditionalCheckFailedException e) {
            // Sent or gone meanwhile: there is no claim left to give up.
        }
    }

    @Override
    public List<OutboxMail> unsent(Instant now) {
        List<OutboxMail> unsent = new ArrayList<>();
        List<String> listed = Item.listedIds(dynamoDb, table, Keys.UNSENT_PARTITION, Keys.UNSENT_LIST_PARTITIONS);
        for (int start = 0; start < listed.size(); start += BATCH_GET_LIMIT) {
            Map<String, KeysAndAttributes> batch = Map.of(table, KeysAndAttributes.builder().consistentRead(true)
                    .keys(listed.subList(start, Math.min(listed.size(), start + BATCH_GET_LIMIT)).stream()
                            .map(Keys::outbox).toList()).build());
            while (!batch.isEmpty()) {
                Map<String, KeysAndAttributes> pending = batch;
                BatchGetItemResponse read = DynamoDbErrors.translated(() -> dynamoDb.batchGetItem(r -> r.requestItems(pending)));
                // Read, not trusted: a mail marked by a sender of a version before the list stays listed until it expires.
                read.responses().getOrDefault(table, List.of()).stream().map(Item::of)
                        .filter(item -> item.optionalInstant("sent_at").isEmpty() && item.instant(Keys.EXPIRES_AT).isAfter(now))
                        .map(MailItems::mail).forEach(unsent::add);
                // Unprocessed keys come back under throttling; the SDK's retries already backed off.
                batch = read.unprocessedKeys();
            }
        }
        unsent.sort(Comparator.comparing(OutboxMail::createdAt));
        return unsent;
    }

    @Override
    public boolean dropIfUnclaimed(String outboxId, String reason, Instant now) {
        return transactUnlessChanged(marking(outboxId, DROP_UNCLAIMED, UNCLAIMED,
                Map.of(":now", epochSeconds(now), ":reason", AttributeValue.fromS(reason))));
    }

    @Override
    public boolean requeue(OutboxMail original, OutboxMail copy, Instant now) {
        List<TransactWriteItem> actions = new ArrayList<>(MailItems.newMail(table, copy));
        actions.addAll(marking(original.outboxId(), DROP_UNCLAIMED + ", requeued_as = :copy", UNCLAIMED, Map.of(
                ":now", epochSeconds(now),
                ":reason", AttributeValue.fromS(UnsentMails.REQUEUED),
                ":copy", AttributeValue.fromS(copy.outboxId()))));
        return transactUnlessChanged(actions);
    }

    /**
     * What marks the mail of {@code outboxId}: its update on {@code condition}, and its removal from the list of unsent
     * mails, for one transaction.
     */
    private List<TransactWriteItem> marking(String outboxId, String update, String condition,
                                            Map<String, AttributeValue> values) {
        return List.of(TransactWriteItem.builder().update(Update.builder().tableName(table).key(Keys.outbox(outboxId))
                        .updateExpression(update).conditionExpression(condition).expressionAttributeValues(values)
                        .build()).build(),
                MailItems.unlisted(table, outboxId));
    }

    /** Writes {@code actions} at once: false when a condition found the mail marked or claimed meanwhile. */
    private boolean transactUnlessChanged(List<TransactWriteItem> actions) {
        return DynamoDbErrors.translated(() -> {
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(actions));
                return true;
            } catch (TransactionCanceledException e) {
                if (DynamoDbErrors.cancelledByChange(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    private static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }
}
