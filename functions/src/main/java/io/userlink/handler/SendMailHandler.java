package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.userlink.account.AccountMailDelivery;
import io.userlink.account.AccountMailDelivery.Outcome;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
public final class SendMailHandler implements RequestStreamHandler {

    private final AccountMailDelivery delivery;
    private final boolean logsEveryMail;

    public SendMailHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING).mailDelivery(Components.mailSenderFromEnvironment()));
        InvokePriming.rehearseMailSender(this);
    }

    public SendMailHandler(AccountMailDelivery delivery) {
        this(delivery, true);
    }

    private SendMailHandler(AccountMailDelivery delivery, boolean logsEveryMail) {
        this.delivery = Objects.requireNonNull(delivery);
        this.logsEveryMail = logsEveryMail;
    }

    /**
     * A mail sender that logs only the mails it could not send: a rehearsal's, whose outbox ids exist nowhere else, so
     * that the function's log names no mail that was never in its table.
     */
    static SendMailHandler rehearsing(AccountMailDelivery delivery) {
        return new SendMailHandler(delivery, false);
    }

    /** Reads Lambda's DynamoDB stream event itself and answers {@code {"batchItemFailures": [...]}}. */
    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        List<Map<String, String>> failures = failedFrom(Json.readEvent(in), context)
                .map(sequence -> List.of(Map.of("itemIdentifier", sequence))).orElse(List.of());
        out.write(Json.write(Map.of("batchItemFailures", failures)).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the mails of the event's records in order; the sequence number of the first that must be retried. */
    private Optional<String> failedFrom(Map<String, Object> event, Context context) {
        List<?> records = event.get("Records") instanceof List<?> list ? list : List.of();
        for (Object record : records) {
            Optional<String> failed = send((Map<?, ?>) record, context);
            if (failed.isPresent()) {
                return failed;
            }
        }
        return Optional.empty();
    }

    /** Sends the mail of one record, if it is one; the record's sequence number when it must be retried. */
    private Optional<String> send(Map<?, ?> record, Context context) {
        Map<?, ?> stream = record.get("dynamodb") instanceof Map<?, ?> map ? map : Map.of();
        Optional<String> outboxId = "INSERT".equals(record.get("eventName"))
                ? partitionKey(stream).flatMap(delivery::outboxIdOfKey) : Optional.empty();
        if (outboxId.isEmpty()) {
            return Optional.empty();
        }
        String sequence = String.valueOf(stream.get("SequenceNumber"));
        Outcome outcome;
        try {
            outcome = delivery.deliver(outboxId.get());
        } catch (RuntimeException e) {
            ApiHandler.log(context, LogLevel.WARN, "mail " + outboxId.get() + " not sent: " + e.getClass().getSimpleName());
            return Optional.of(sequence);
        }
        if (outcome == Outcome.BUSY || logsEveryMail) {
            ApiHandler.log(context, outcome == Outcome.BUSY ? LogLevel.WARN : LogLevel.INFO, "mail " + outboxId.get()
                    + ": " + outcome.name().toLowerCase(Locale.ROOT));
        }
        return outcome == Outcome.BUSY ? Optional.of(sequence) : Optional.empty();
    }

    private static Optional<String> partitionKey(Map<?, ?> stream) {
        return stream.get("Keys") instanceof Map<?, ?> keys && keys.get("pk") instanceof Map<?, ?> pk
                && pk.get("S") instanceof String value ? Optional.of(value) : Optional.empty();
    }
}
