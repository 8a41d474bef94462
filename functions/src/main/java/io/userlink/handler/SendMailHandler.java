package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.userlink.account.AccountMailDelivery;
import io.userlink.account.AccountMailDelivery.Outcome;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The mail sender, fed by the table's DynamoDB Stream (new outbox items only, by the event source's filter): sends
 * each mail of a batch in order. At the first mail that fails it stops and reports that record, so Lambda retries
 * the batch from there ({@code ReportBatchItemFailures}) and, when retries run out, sends it to the dead-letter
 * queue. Log lines name the outbox id and the outcome, never an address, a token or a mail's text.
 */
public final class SendMailHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final AccountMailDelivery delivery;

    public SendMailHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING).mailDelivery(Components.mailSenderFromEnvironment()));
    }

    public SendMailHandler(AccountMailDelivery delivery) {
        this.delivery = Objects.requireNonNull(delivery);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords() == null
                ? List.<DynamodbEvent.DynamodbStreamRecord>of() : event.getRecords()) {
            Optional<String> outboxId = "INSERT".equals(record.getEventName())
                    ? partitionKey(record).flatMap(delivery::outboxIdOfKey) : Optional.empty();
            if (outboxId.isEmpty()) {
                continue;
            }
            Outcome outcome;
            try {
                outcome = delivery.deliver(outboxId.get());
            } catch (RuntimeException e) {
                log(context, LogLevel.WARN, "mail " + outboxId.get() + " not sent: " + e.getClass().getSimpleName());
                return failedFrom(record);
            }
            log(context, outcome == Outcome.BUSY ? LogLevel.WARN : LogLevel.INFO, "mail " + outboxId.get() + ": "
                    + outcome.name().toLowerCase(Locale.ROOT));
            if (outcome == Outcome.BUSY) {
                return failedFrom(record);
            }
        }
        return new StreamsEventResponse(List.of());
    }

    private static Optional<String> partitionKey(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
        AttributeValue partition = keys == null ? null : keys.get("pk");
        return Optional.ofNullable(partition).map(AttributeValue::getS);
    }

    private static StreamsEventResponse failedFrom(DynamodbEvent.DynamodbStreamRecord record) {
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(
                record.getDynamodb().getSequenceNumber())));
    }

    private static void log(Context context, LogLevel level, String message) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(message, level);
        }
    }
}
