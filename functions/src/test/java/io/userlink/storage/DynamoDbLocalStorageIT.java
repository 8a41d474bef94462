package io.userlink.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.account.AccountService;
import io.userlink.account.AccountService.LoggedIn;
import io.userlink.app.AccountMail;
import io.userlink.app.App;
import io.userlink.app.MailKind;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.HistoryWindow;
import io.userlink.identity.UserDeletion;
import io.userlink.local.LocalAws;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbOutbox;
import io.userlink.support.StoppingIdentityStore;
import io.userlink.support.TestUserlink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The storage contract against DynamoDB Local and the local Secrets Manager endpoint (always runs). */
class DynamoDbLocalStorageIT extends StorageContract {

    /** Cheap hashing: one test signs in 32 times, and no test here is about the hash. */
    private final TestUserlink userlink = TestUserlink.localHashingCheaply();

    @Override
    protected TestUserlink userlink() {
        return userlink;
    }

    /**
     * A large first transaction of a deletion, 95 writes: an account's user, whose address and password hash go, with
     * as many sessions as one transaction ends, and the record that the deletion began with its listing. Here only, not in the
     * contract: DynamoDB Local refuses a transaction of 101 as DynamoDB does.
     */
    @Test
    void userDeletionWhenAnAccountHasAFullTransactionOfSessionsThenItsFirstTransactionCommitsAndTheFinisherPurges() {
        // given
        App app = userlink.components().apps().find(userlink.createApp().appId()).orElseThrow();
        String password = "correct horse battery";
        String userId = ((LoggedIn) userlink.components().accountService().register(app, newInstallToken(app),
                "erin@example.com", password, Map.of(), Map.of())).user().userId();
        for (int session = 1; session < UserDeletion.INSTALLS_PER_TRANSACTION; session++) {
            userlink.components().accountService().signIn(app, newInstallToken(app), "erin@example.com", password);
        }
        DynamoDbIdentityStore store = identities();
        assertEquals(UserDeletion.INSTALLS_PER_TRANSACTION, store.findUserRecord(userId, HistoryWindow.NEWEST).orElseThrow().installs().size());
        UserDeletion stopping = new UserDeletion(new StoppingIdentityStore(store).stoppingAtPurge(),
                new ConflictRetry(Duration.ofSeconds(1), Random::new), userlink.clock());

        // when
        assertThrows(StoppingIdentityStore.Stopped.class, () -> stopping.delete(app, userId));

        // then
        assertEquals(List.of(), store.findUserInstalls(userId).orElseThrow().installs(), "in one transaction");
        assertTrue(sortKeysOfUserPartition(userId).contains("DELETION"));

        // when
        boolean finished = userlink.components().userDeletion().finish(userId);

        // then
        assertTrue(finished);
        assertEquals(List.of("USER"), sortKeysOfUserPartition(userId));
    }
    /**
     * The largest first transaction: an account deleting itself in an app that mails writes its notice with the
     * tombstone, 97 writes with a full transaction of sessions (the record and the notice each listed). With 32 sessions
     * a transaction and neither listed it was 101, and the deletion a 500.
     */
    @Test
    void deleteAccountWhenTheAppMailsAndTheAccountHasAFullTransactionOfSessionsThenDeletedAndItsOwnerTold() {
        // given
        App app = userlink.administration().updateSettings(userlink.createApp().appId(), settings -> settings
                .withAccountMail(AccountMail.defaults().withConfirmationLink("https://app.example.com/c?t={token}")));
        String password = "correct horse battery";
        AccountService accounts = userlink.components().accountService();
        LoggedIn erin = (LoggedIn) accounts.register(app, newInstallToken(app), "erin@example.com", password, Map.of(),
                Map.of());
        LoggedIn newest = erin;
        for (int session = 1; session < UserDeletion.INSTALLS_PER_TRANSACTION; session++) {
            newest = accounts.signIn(app, newInstallToken(app), "erin@example.com", password);
        }
        DynamoDbIdentityStore store = identities();
        String userId = erin.user().userId();
        assertEquals(UserDeletion.INSTALLS_PER_TRANSACTION, store.findUserRecord(userId, HistoryWindow.NEWEST).orElseThrow().installs().size());

        // when
        accounts.deleteAccount(app, userlink.components().authenticator().accessToken(
                Optional.of("Bearer " + newest.tokens().orElseThrow().accessToken().value())), password);

        // then
        assertEquals(List.of("USER"), sortKeysOfUserPartition(userId), "deleted and purged");
        assertTrue(new DynamoDbOutbox(userlink.dynamoDb(), LocalAws.TABLE_NAME).unsent(userlink.clock().instant()).stream()
                .anyMatch(mail -> mail.userId().equals(userId) && mail.kind() == MailKind.ACCOUNT_DELETED), "the notice");
    }
}
