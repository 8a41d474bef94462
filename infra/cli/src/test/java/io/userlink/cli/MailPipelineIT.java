package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.userlink.app.App;
import io.userlink.app.RegistrationMode;
import io.userlink.config.Components;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.local.EventPlaceholders;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalDeployment;
import io.userlink.local.LocalSes;
import io.userlink.token.AccessToken;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail pipeline of the local runtime, one poll at a time: the table's stream, the event source mapping and its
 * retries, the sender function with its own role, the local SES, and the dead-letter queue (README, "Account mail").
 */
class MailPipelineIT {

    @TempDir
    static Path outbox;
    private static LocalRuntime runtime;
    private static Components harness;
    private static App app;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(ServeProcess.PROJECT.resolve("template.yaml"), null, URI.create("http://127.0.0.1:3000"),
                Map.of(), false, access -> { }, new LocalAws.Mail(outbox, mail -> { }));
        EventPlaceholders.Values demo = InvokeCommand.demoWorld(runtime);
        app = runtime.operatorAdministration().updateSettings(demo.appId(), settings -> settings.withAccountMail(
                settings.accountMail().withRegistrationMode(RegistrationMode.CONFIRMATION_REQUIRED)));
        harness = runtime.harness();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void sendWhenSesFailsThenTheRecordIsRetriedAndTheMailSentOnce() {
        drain();
        register("retried@example.com");
        runtime.ses().failNextSends(1);

        assertEquals(1, runtime.pollEventSources(), () -> "the failed batch waits for the next poll; sent " + runtime.ses().sent());
        assertEquals(List.of(), sentTo("retried@example.com"));
        runtime.pollEventSources();
        runtime.pollEventSources();

        assertEquals(1, sentTo("retried@example.com").size());
    }

    @Test
    void sendWhenSesKeepsFailingThenTheBatchGoesToTheDeadLetterQueueAndTheStreamMovesOn() throws Exception {
        drain();
        int deadLettersBefore = deadLetters().size();
        register("undeliverable@example.com");
        runtime.ses().failNextSends(Integer.MAX_VALUE);
        int invocations = 0;
        for (int polled = runtime.pollEventSources(); polled > 0; polled = runtime.pollEventSources()) {
            invocations += polled;
        }
        runtime.ses().failNextSends(0);
        register("after@example.com");
        runtime.pollEventSources();

        assertEquals(11, invocations, "the first attempt and MaximumRetryAttempts (10) retries");
        // Other tests may leave theirs: SQS takes one purge of a queue a minute.
        List<JsonNode> deadLetters = deadLetters();
        assertEquals(deadLettersBefore + 1, deadLetters.size());
        assertEquals("RetryAttemptsExhausted", deadLetters.getLast().at("/requestContext/condition").asText());
        assertTrue(deadLetters.getLast().at("/DDBStreamBatchInfo/streamArn").asText().endsWith("table/userlink/stream/local"));
        assertEquals(List.of(), sentTo("undeliverable@example.com"));
        assertEquals(1, sentTo("after@example.com").size(), "later mails are not held up");
    }

    /**
     * SES takes addresses in 7-bit ASCII only: an international domain is sent in its IDNA form (and a local part that
     * is no dot-atom, quoted), and a mail to an address beyond ASCII before the {@code @} (an account registered under
     * {@code automatic}) is dropped at once, so the mails behind it go out on the first poll and nothing waits for a
     * retry or the dead-letter queue.
     */
    @Test
    void sendWhenAnAddressIsBeyondAsciiThenAnInternationalDomainGoesInItsIdnaFormAndTheRestIsNotHeldUp() throws Exception {
        App automatic = runtime.operatorAdministration().updateSettings(app.appId(), settings -> settings.withAccountMail(
                settings.accountMail().withRegistrationMode(RegistrationMode.AUTOMATIC)));
        register(automatic, "josé@example.com");
        runtime.operatorAdministration().updateSettings(app.appId(), settings -> settings.withAccountMail(
                settings.accountMail().withRegistrationMode(RegistrationMode.CONFIRMATION_REQUIRED)));
        drain();
        List<JsonNode> deadLettersBefore = deadLetters();
        harness.accountEmails().requestPasswordReset(app, "josé@example.com");
        register("bea@müller.de");
        register("taro..yamada@docomo.ne.jp");
        register("next@example.com");

        runtime.pollEventSources();

        assertEquals(1, sentTo("bea@xn--mller-kva.de").size());
        assertEquals(1, sentTo("\"taro..yamada\"@docomo.ne.jp").size(), "no dot-atom: quoted");
        assertEquals(1, sentTo("next@example.com").size(), "sent on the first poll");
        assertEquals(0, runtime.pollEventSources(), "no batch left to retry");
        assertTrue(runtime.ses().sent().stream().noneMatch(mail -> mail.to().contains("jos")), runtime.ses().sent().toString());
        assertEquals(deadLettersBefore, deadLetters());
    }

    /**
     * The person on call after the mail alarm, once SES is mended: {@code userlink mail send-unsent}, as the operator
     * (the template's operator policy), empties the queue and hands the mail back to the sender, which sends it.
     */
    @Test
    void sendUnsentWhenTheOperatorRunsItAfterTheSenderGaveUpThenTheMailGoesOutOnceAndTheQueueIsEmpty(@TempDir Path directory)
            throws Exception {
        // given: a mail whose batch used every retry
        drain();
        register("mended@example.com");
        runtime.ses().failNextSends(Integer.MAX_VALUE);
        drain();
        runtime.ses().failNextSends(0);
        assertEquals(List.of(), sentTo("mended@example.com"));
        assertTrue(deadLetters().size() >= 1);
        AdminCli operator = AdminCli.asOperator(runtime, directory);

        // when: listed only
        JsonNode dryRun = Http.json(operator.run(0, "mail", "send-unsent", "--dry-run", "--output=json"));

        // then
        assertTrue(dryRun.get("unsent").findValuesAsText("app_id").contains(app.appId()), dryRun.toString());
        assertTrue(dryRun.get("dead_letter_queue").isNull());
        assertEquals(0, dryRun.get("sent_again").size(), "a dry run sends nothing");
        assertTrue(deadLetters().size() >= 1, "a dry run leaves the queue");

        // when
        String sentAgain = operator.run(0, "mail", "send-unsent");
        drain();

        // then
        assertTrue(sentAgain.startsWith("emptied the dead-letter queue http://127.0.0.1:"), sentAgain);
        assertTrue(sentAgain.lines().anyMatch(line -> line.startsWith("sent again out-") && line.contains("(confirm_email, app "
                + app.appId())), sentAgain);
        assertFalse(sentAgain.contains("mended@"), "no address in the output");
        assertEquals(List.of(), deadLetters(), "emptied, so that its alarm fires for the next failure");
        assertEquals(1, sentTo("mended@example.com").size());
        assertTrue(Http.json(operator.run(0, "mail", "send-unsent", "--dry-run", "--output=json")).get("unsent").isEmpty(),
                "nothing left unsent");
    }

    /**
     * A mail SES refuses for itself would fail again, and raise the alarm, after every {@code send-unsent}: the operator
     * gives up on it ({@code userlink mail drop}), and neither the sender nor {@code send-unsent} sends it. (Here a mail
     * not yet sent stands for it: SQS takes one purge of a queue a minute, which the other tests' purges use.)
     */
    @Test
    void dropWhenTheOperatorGivesUpOnAnUnsentMailThenItIsNeitherSentNorListedAgain(@TempDir Path directory)
            throws Exception {
        // given
        drain();
        AdminCli operator = AdminCli.asOperator(runtime, directory);
        List<String> unsentBefore = unsentIds(operator);
        register("poison@example.com");
        List<String> poison = unsentIds(operator).stream().filter(id -> !unsentBefore.contains(id)).toList();
        assertEquals(1, poison.size(), poison.toString());

        // when
        String dropped = operator.run(0, "mail", "drop", poison.getFirst());
        drain();

        // then
        assertEquals("dropped " + poison.getFirst() + ": it will not be sent", dropped.strip());
        assertEquals(List.of(), sentTo("poison@example.com"));
        assertFalse(unsentIds(operator).contains(poison.getFirst()), "send-unsent leaves it");
        assertEquals("not dropped " + poison.getFirst() + ": no unsent mail has this id (sent or dropped already, being sent,"
                + " or none)", operator.run(1, "mail", "drop", poison.getFirst()).strip(), "dropped once");
        assertEquals(Http.json("{\"dropped\": [], \"not_unsent\": [\"" + poison.getFirst() + "\"]}"),
                Http.json(operator.run(1, "mail", "drop", poison.getFirst(), "--output=json")));
        assertTrue(operator.run(1, "mail", "drop", "usr-notanoutboxid").contains("an outbox id starts with out-"));
    }

    private static List<String> unsentIds(AdminCli operator) throws Exception {
        return Http.json(operator.run(0, "mail", "send-unsent", "--dry-run", "--output=json")).get("unsent")
                .findValuesAsText("outbox_id");
    }

    /** Sends whatever earlier tests left in the stream. */
    private static void drain() {
        while (runtime.pollEventSources() > 0) {
            // Until a poll finds nothing new.
        }
    }

    private static void register(String address) {
        register(app, address);
    }

    private static void register(App app, String address) {
        String token = harness.installService().register(app, new Registration(Platform.IOS, DeviceClass.PHONE, "1.0.0",
                Optional.empty())).tokens().accessToken().value();
        AccessToken install = harness.authenticator().accessToken(Optional.of("Bearer " + token));
        harness.accountService().register(app, install, address, "correct horse battery", Map.of(), Map.of());
    }

    private static List<LocalSes.SentMail> sentTo(String address) {
        return runtime.ses().sent().stream().filter(mail -> mail.to().equals(address)).toList();
    }

    private static List<JsonNode> deadLetters() throws Exception {
        return Http.jsonEach(runtime.sqs().messages(LocalDeployment.queueName("MailDeadLetterQueue")));
    }
}
