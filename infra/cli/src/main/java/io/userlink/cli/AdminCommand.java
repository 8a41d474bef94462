package io.userlink.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.app.App;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every admin command has: where it acts, where it prints, and how (text for people, JSON for scripts). */
abstract class AdminCommand implements Callable<Integer> {

    /** How a command prints its result. */
    enum Output { TEXT, JSON }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AdminTarget target;

    @Spec
    CommandSpec spec;

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json",
            description = "text (default) for people, or json for scripts: one JSON document on standard output.")
    Output output;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints {@code json} as one JSON document with {@code --output json}, else what {@code text} writes. */
    void print(Object json, Consumer<PrintWriter> text) {
        if (output == Output.JSON) {
            try {
                out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot render the result as JSON", e);
            }
        } else {
            text.accept(out());
        }
    }

    /**
     * An admin command for the person on call after a dead-letter queue's alarm: it empties the queue, then finds in
     * the table what the queue's batches left undone, and mends it; {@code --dry-run} only lists it.
     */
    abstract static class AfterDeadLetters extends AdminCommand {
        @Option(names = "--dry-run", description = "Only list what is left undone; nothing changes, the queue is left as it is.")
        boolean dryRun;

        /**
         * Empties the queue, unless this is a dry run, and says so. Emptied before the table is read: what failed
         * before is found there, and what fails after lands in the queue and raises the alarm again.
         */
        String emptiedFirst(String queueUrl) {
            return dryRun ? null : target.emptyQueue(queueUrl);
        }
    }

    /** An admin command about one app. */
    abstract static class ForApp extends AdminCommand {
        @Option(names = "--app", required = true, description = "The app id.")
        String appId;

        /** The app {@code --app} names. */
        App app() {
            return target.administration().app(appId).orElseThrow(() -> new NoSuchElementException("no app " + appId));
        }
    }
}
