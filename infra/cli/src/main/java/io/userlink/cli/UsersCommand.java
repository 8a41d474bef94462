package io.userlink.cli;

import io.userlink.account.AddressChange;
import io.userlink.app.App;
import io.userlink.handler.LookupUserHandler;
import io.userlink.identity.HistoryPosition;
import io.userlink.identity.HistoryWindow;
import io.userlink.identity.UserDeletion;
import io.userlink.identity.UserDirectory;
import io.userlink.identity.UserRecord;
import io.userlink.install.Install;
import io.userlink.mail.MailToken;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.HistoryEntry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code userlink users}: a user, its installs and its history, a user to delete, an account to move to a new address, a
 * login lock to lift, and deletions to finish, for the person on call.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Look users up, delete them, move accounts to new addresses, lift login locks, finish stopped"
                + " deletions (support).",
        subcommands = {UsersCommand.Show.class, UsersCommand.Delete.class, UsersCommand.ChangeEmail.class,
                UsersCommand.Unlock.class, UsersCommand.FinishDeletions.class})
final class UsersCommand {

    /** Exactly one way to name a user. */
    static final class Who {
        @Option(names = "--user", description = "The Userlink user id.")
        String userId;

        @Option(names = "--external-id", description = "The customer's id for the user.")
        String externalId;

        @Option(names = "--email", description = "The email address of the user's account.")
        String email;

        /** The id of the user so named (read with a window of one entry). */
        String userId(UserDirectory users, App app) {
            return record(users, app, new HistoryWindow(1, Optional.empty())).user().userId();
        }

        /** The user so named, with the entries of its history {@code window} names. */
        UserRecord record(UserDirectory users, App app, HistoryWindow window) {
            if (userId != null) {
                return users.byId(app, userId, window);
            }
            if (email != null) {
                return users.byEmail(app, EmailAddress.parse(email)
                        .orElseThrow(() -> new IllegalArgumentException("--email must be an email address")), window);
            }
            return users.byExternalId(app, externalId, window);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a user, its account, its installs (which is active, and why not) and its history, as GET /v1/users"
                    + " does; --output json prints the same document. The text also names the account's link back, if"
                    + " a move by link mailed one.")
    static final class Show extends AdminCommand.ForApp {

        @ArgGroup(exclusive = true, multiplicity = "1")
        Who who;

        @Option(names = "--history-limit", paramLabel = "N", defaultValue = "" + HistoryWindow.MAX_LIMIT,
                description = "The newest N entries of the history (1 to ${DEFAULT-VALUE}, the default).")
        int historyLimit;

        @Option(names = "--history-before", paramLabel = "CURSOR",
                description = "Only entries before the ones shown with this cursor (printed when older ones were left out).")
        String historyBefore;

        @Override
        public Integer call() {
            App app = app();
            HistoryWindow window = new HistoryWindow(historyLimit, Optional.ofNullable(historyBefore).map(cursor -> HistoryPosition
                    .fromCursor(cursor).orElseThrow(() -> new IllegalArgumentException("--history-before must be a cursor users show printed"))));
            UserRecord record = who.record(target.users(), app, window);
            // Not in the API's document: support's answer to "my account was moved" depends on it.
            // The link back the account names, as stored: expired ones too, until TTL removes them.
            Optional<MailToken> linkBack = record.account().flatMap(Account::undoTokenId)
                    .flatMap(target.accounts()::findToken);
            print(LookupUserHandler.document(record), out -> printText(out, record, linkBack));
            return 0;
        }

        private static void printText(PrintWriter out, UserRecord record, Optional<MailToken> linkBack) {
            out.println("user id      " + record.user().userId());
            out.println("external id  " + record.user().externalId().orElse("-"));
            out.println("account      " + record.account().map(account -> account.email().value()
                    + (account.activationPending() ? " (not activated)" : account.emailConfirmed() ? " (confirmed)"
                    : " (not confirmed)")).orElse("-"));
            linkBack.ifPresent(back -> out.println("link back    to " + back.newAddress().map(EmailAddress::value)
                    .orElseThrow() + (back.expired(Instant.now()) ? ", expired at " : ", usable until ")
                    + back.expiresAt() + " (moved by link from there; users change-email kills it)"));
            out.println("created      " + record.user().createdAt());
            out.printf("%n%-30s %-8s %-7s %-12s %-26s %s%n", "INSTALL", "PLATFORM", "DEVICE", "STATE", "WHY NOT ACTIVE", "LINKED");
            for (Install install : record.installs()) {
                out.printf("%-30s %-8s %-7s %-12s %-26s %s%n", install.installId(), install.platform().name().toLowerCase(Locale.ROOT),
                        install.deviceClass().name().toLowerCase(Locale.ROOT), install.state(),
                        install.inactiveReason().map(Enum::name).orElse("-"), install.linkedAt().map(Object::toString).orElse("-"));
            }
            out.printf("%n%-26s %-12s %-30s %s%n", "HISTORY", "EVENT", "INSTALL", "REASON / RULE");
            for (HistoryEntry entry : record.history()) {
                String why = entry.reason().map(Enum::name).orElse("")
                        + entry.devicePolicy().map(rule -> (entry.reason().isPresent() ? " / " : "") + rule.value()).orElse("");
                out.printf("%-26s %-12s %-30s %s%n", entry.at(), entry.event(), entry.installId(), why);
            }
            record.earlierHistory().ifPresent(earlier -> out.printf("(older entries left out: --history-before %s)%n",
                    earlier.cursor()));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a user, as DELETE /v1/users/{user_id} does: its account and address, external id, installs,"
                    + " sessions and history; it cannot be undone. For a deletion asked for outside the app (a web form,"
                    + " support), once you know who asks.")
    static final class Delete extends AdminCommand.ForApp {

        @ArgGroup(exclusive = true, multiplicity = "1")
        Who who;

        @Override
        public Integer call() {
            App app = app();
            String userId = who.userId(target.users(), app);
            target.userDeletion().delete(app, userId);
            print(Map.of("app_id", app.appId(), "user_id", userId, "deleted", true),
                    out -> out.println("deleted " + userId
                            + ", with its external id or account, installs, sessions and history"));
            return 0;
        }
    }

    @Command(name = "change-email", mixinStandardHelpOptions = true,
            description = "Move a user's account to another address without a link, on your word (support, once you know"
                    + " who asks): for someone who can no longer read the old address, or whose account someone else"
                    + " moved. The old address is told, and a link back mailed after an earlier move dies; sessions go"
                    + " on, so the person then resets the password from the app, which ends every session.")
    static final class ChangeEmail extends AdminCommand.ForApp {

        @ArgGroup(exclusive = true, multiplicity = "1")
        Who who;

        @Option(names = "--new-email", required = true, paramLabel = "ADDRESS", description = "The address to move to.")
        String newEmail;

        @Override
        public Integer call() {
            App app = app();
            String userId = who.userId(target.users(), app);
            AddressChange.SupportMove move = target.addressChange().moveWithoutLink(app, userId, newEmail);
            Account moved = move.account();
            print(Map.of("app_id", app.appId(), "user_id", userId, "email", moved.email().value()),
                    out -> out.println("moved the account of " + userId + " to " + moved.email().value()
                            + "; its old address is told" + move.killedLinkBack().map(back -> "; the link back mailed"
                            + " to " + back.newAddress().map(EmailAddress::value).orElseThrow() + " died with the"
                            + " move: the person resets the password from the app instead").orElse("")));
            return 0;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Lift the lock that failed logins put on an email address (after 100 failures it is for good"
                    + " until then). Check who asks first: this re-opens the address to guessing.")
    static final class Unlock extends AdminCommand.ForApp {

        @Option(names = "--email", required = true, description = "The address whose failed logins are forgotten.")
        String email;

        @Override
        public Integer call() {
            App app = app();
            EmailAddress address = EmailAddress.parse(email)
                    .orElseThrow(() -> new IllegalArgumentException("--email must be an email address"));
            target.loginGuard().unlock(app, address);
            print(Map.of("app_id", app.appId(), "email", address.value(), "unlocked", true),
                    out -> out.println("unlocked " + address.value() + ": its failed logins are forgotten"));
            return 0;
        }
    }

    @Command(name = "finish-deletions", mixinStandardHelpOptions = true,
            description = "Finish the user deletions that stopped part-way and that FinishDeletionFunction could not"
                    + " finish (the DeletionDeadLetterAlarm): ends the installs each still holds and purges the rest,"
                    + " as the function does. Mend what stopped the function first. Empties the deletion dead-letter"
                    + " queue before it looks, so that the alarm can fire again for a deletion that fails later. Finds"
                    + " them in the table's list of unfinished deletions (a Query per partition of it, no Scan). Exits 1"
                    + " if any is still not finished.")
    static final class FinishDeletions extends AdminCommand.AfterDeadLetters {

        @Override
        public Integer call() {
            UserDeletion deletion = target.userDeletion();
            String emptied = emptiedFirst(target.deletionDeadLetterQueue());
            List<String> unfinished = deletion.unfinished();
            List<String> finished = new ArrayList<>();
            Map<String, String> failed = new LinkedHashMap<>();
            if (!dryRun) {
                for (String userId : unfinished) {
                    try {
                        deletion.finish(userId);
                        finished.add(userId);
                    } catch (RuntimeException e) {
                        // Go on with the others; what stopped this one (AWS's refusal, throttling) is for the operator.
                        failed.put(userId, e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("dead_letter_queue", emptied);
            result.put("unfinished", unfinished);
            result.put("finished", finished);
            result.put("failed", failed);
            print(result, out -> {
                if (emptied != null) {
                    out.println(emptied);
                }
                if (unfinished.isEmpty()) {
                    out.println("no unfinished deletion");
                }
                unfinished.forEach(userId -> out.println(dryRun ? "unfinished " + userId
                        : failed.containsKey(userId) ? "not finished " + userId + ": " + failed.get(userId)
                        : "finished " + userId));
            });
            return failed.isEmpty() ? 0 : 1;
        }
    }
}
