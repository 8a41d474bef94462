package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.userlink.account.AccountMailDelivery;
import io.userlink.account.AccountMailDelivery.Outcome;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The mail sender, fed by the table's DynamoDB Stream (new outbox items only, by the event source's filter): sends
 * each mail of a batch in order, stopping at the first that fails (see {@link StreamBatch}); when retries run out
 * the batch goes to the dead-letter queue. Log lines name the outbox id and the outcome, never an address, a token
 * or a mail's text.
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
        StreamBatch.handle(in, out, item -> send(item, context));
    }

    /** Sends the mail of one new item, if it is one; false when it must be tried again. */
    private boolean send(StreamBatch.NewItem item, Context context) {
        Optional<String> outboxId = delivery.outboxIdOfKey(item.partitionKey());
        if (outboxId.isEmpty()) {
            return true;
        }
        Outcome outcome;
        try {
            outcome = delivery.deliver(outboxId.get());
        } catch (RuntimeException e) {
            ApiHandler.log(context, LogLevel.WARN, "mail " + outboxId.get() + " not sent: " + ApiHandler.described(e));
            return false;
        }
        boolean notSent = outcome == Outcome.BUSY || outcome == Outcome.UNDELIVERABLE;
        if (notSent || logsEveryMail) {
            ApiHandler.log(context, notSent ? LogLevel.WARN : LogLevel.INFO, "mail " + outboxId.get()
                    + ": " + outcome.name().toLowerCase(Locale.ROOT));
        }
        return outcome != Outcome.BUSY;
    }
}
