package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.userlink.config.Components;
import io.userlink.identity.UserDeletion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * The deletion finisher, fed by the table's DynamoDB Stream (the record each user deletion writes beside its
 * tombstone, by the event source's filter): finishes each deletion of a batch in order, so that one whose request
 * stopped part-way (a timeout, throttling past the retries) and was not sent again still ends every install and
 * purges the user's history. At the first that fails it stops (see {@link StreamBatch}); when retries run out the
 * batch goes to the dead-letter queue. Log lines name the user id, nothing else of the user's.
 */
public final class FinishDeletionHandler implements RequestStreamHandler {

    private final UserDeletion deletion;

    public FinishDeletionHandler() {
        this(Components.fromEnvironment().userDeletion());
    }

    public FinishDeletionHandler(UserDeletion deletion) {
        this.deletion = Objects.requireNonNull(deletion);
    }

    /** Reads Lambda's DynamoDB stream event itself and answers {@code {"batchItemFailures": [...]}}. */
    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StreamBatch.handle(in, out, item -> finish(item, context));
    }

    /** Finishes the deletion one new item records, if it records one; false when it must be tried again. */
    private boolean finish(StreamBatch.NewItem item, Context context) {
        Optional<String> userId = deletion.userIdOfDeletionKey(item.partitionKey(), item.sortKey());
        if (userId.isEmpty()) {
            return true;
        }
        try {
            if (deletion.finish(userId.get())) {
                ApiHandler.log(context, LogLevel.INFO, "deletion of user " + userId.get() + " finished in the background:"
                        + " its tombstone still held installs or history");
            }
            return true;
        } catch (RuntimeException e) {
            ApiHandler.log(context, LogLevel.WARN, "deletion of user " + userId.get() + " not finished: "
                    + ApiHandler.described(e));
            return false;
        }
    }
}
