package io.userlink.cli;

import io.userlink.mail.OutboxMail;
import io.userlink.mail.UnsentMails;
import io.userlink.mail.UnsentMails.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code userlink mail}: the account mails the sender gave up on, for the person on call. */
@Command(name = "mail", mixinStandardHelpOptions = true,
        description = "The account mails the sender gave up on: send them again, or give up on them (support).",
        subcommands = {MailCommand.SendUnsent.class, MailCommand.Drop.class})
final class MailCommand {

    @Command(name = "send-unsent", mixinStandardHelpOptions = true,
            description = "Send again the account mails the sender gave up on (the MailDeadLetterAlarm), once what"
                    + " refused them is mended: hands each unsent mail in the outbox back to the sender as a new mail,"
                    + " which it renders, checks and sends as any other; a mail whose link has died is marked dropped"
                    + " instead. Empties the mail dead-letter queue before it looks, so that the alarm can fire again"
                    + " for a mail that fails later. Finds them in the table's list of unsent mails (a Query per"
                    + " partition of it, and a batch read of the mails listed; no Scan).")
    static final class SendUnsent extends AdminCommand.AfterDeadLetters {

        @Override
        public Integer call() {
            UnsentMails mails = target.unsentMails();
            String emptied = emptiedFirst(target.mailDeadLetterQueue());
            List<OutboxMail> unsent = mails.find();
            List<Outcome> outcomes = dryRun ? List.of() : unsent.stream().map(mails::sendAgain).toList();
            print(json(emptied, unsent, outcomes), out -> {
                if (emptied != null) {
                    out.println(emptied);
                }
                if (unsent.isEmpty()) {
                    out.println("no unsent mail");
                }
                if (dryRun) {
                    unsent.forEach(mail -> out.println("unsent " + described(mail)));
                }
                outcomes.forEach(outcome -> out.println(switch (outcome) {
                    case Outcome.Requeued requeued -> "sent again " + described(requeued.mail()) + " as "
                            + requeued.copy().outboxId();
                    case Outcome.LinkExpired expired -> "not sent again " + described(expired.mail())
                            + ": its link died at " + expired.expiredAt();
                    case Outcome.Taken taken -> "left alone " + described(taken.mail()) + ": a sender took it meanwhile";
                }));
            });
            return 0;
        }

        private static Map<String, Object> json(String emptied, List<OutboxMail> unsent, List<Outcome> outcomes) {
            Map<String, String> requeued = new LinkedHashMap<>();
            List<String> linkExpired = new ArrayList<>();
            List<String> taken = new ArrayList<>();
            for (Outcome outcome : outcomes) {
                switch (outcome) {
                    case Outcome.Requeued sent -> requeued.put(sent.mail().outboxId(), sent.copy().outboxId());
                    case Outcome.LinkExpired expired -> linkExpired.add(expired.mail().outboxId());
                    case Outcome.Taken left -> taken.add(left.mail().outboxId());
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("dead_letter_queue", emptied);
            result.put("unsent", unsent.stream().map(SendUnsent::fields).toList());
            result.put("sent_again", requeued);
            result.put("link_expired", linkExpired);
            result.put("taken", taken);
            return result;
        }

        /** The mail's id, kind, app and age, in that order: never its address. */
        private static Map<String, String> fields(OutboxMail mail) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("outbox_id", mail.outboxId());
            fields.put("kind", mail.kind().value());
            fields.put("app_id", mail.appId());
            fields.put("created_at", mail.createdAt().toString());
            return fields;
        }

        /** The mail's id, kind, app and age: never its address. */
        private static String described(OutboxMail mail) {
            return mail.outboxId() + " (" + mail.kind().value() + ", app " + mail.appId() + ", written " + mail.createdAt()
                    + ")";
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = "Give up on unsent account mails (the ids `send-unsent --dry-run` lists): each is marked"
                    + " dropped, and `send-unsent` leaves it. For a mail SES refuses for itself, which would fail again,"
                    + " and raise the alarm, after every `send-unsent`; the sender's log names it. Exits 1 if any id"
                    + " names no unsent mail.")
    static final class Drop extends AdminCommand {

        @Parameters(arity = "1..*", paramLabel = "OUTBOX_ID", description = "An unsent mail's outbox id (out-…).")
        List<String> outboxIds;

        @Override
        public Integer call() {
            for (String outboxId : outboxIds) {
                if (!outboxId.startsWith(OutboxMail.ID_PREFIX)) {
                    throw new IllegalArgumentException("an outbox id starts with " + OutboxMail.ID_PREFIX
                            + ", as `mail send-unsent --dry-run` lists them; not " + outboxId);
                }
            }
            UnsentMails mails = target.unsentMails();
            List<String> dropped = new ArrayList<>();
            List<String> notUnsent = new ArrayList<>();
            for (String outboxId : outboxIds) {
                (mails.drop(outboxId) ? dropped : notUnsent).add(outboxId);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("dropped", dropped);
            result.put("not_unsent", notUnsent);
            print(result, out -> {
                dropped.forEach(id -> out.println("dropped " + id + ": it will not be sent"));
                notUnsent.forEach(id -> out.println("not dropped " + id
                        + ": no unsent mail has this id (sent or dropped already, being sent, or none)"));
            });
            return notUnsent.isEmpty() ? 0 : 1;
        }
    }
}
