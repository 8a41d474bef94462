package io.userlink.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.account.AccountChange;
import io.userlink.account.AccountService;
import io.userlink.account.AccountService.LoggedIn;
import io.userlink.account.AccountStore;
import io.userlink.account.AddressMove;
import io.userlink.account.LoginAttempts.Allowed;
import io.userlink.account.LoginAttempts.Locked;
import io.userlink.app.AccountMail;
import io.userlink.app.App;
import io.userlink.app.AppCredentials;
import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.AppCredentials.AppSecretRecord;
import io.userlink.app.AppSettings;
import io.userlink.app.DevicePolicy;
import io.userlink.app.MailKind;
import io.userlink.app.MailTemplates;
import io.userlink.app.RegistrationMode;
import io.userlink.app.Scope;
import io.userlink.credential.Sha256;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.identity.ConcurrentChangeException;
import io.userlink.identity.ConflictRetry;
import io.userlink.identity.HistoryPosition;
import io.userlink.identity.HistoryWindow;
import io.userlink.identity.UserDeletion;
import io.userlink.identity.UserInstalls;
import io.userlink.identity.UserRecord;
import io.userlink.install.DeviceClass;
import io.userlink.install.Install;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.mail.MailToken;
import io.userlink.mail.MailTokenPurpose;
import io.userlink.mail.MailTokens;
import io.userlink.mail.Outbox;
import io.userlink.mail.OutboxMail;
import io.userlink.password.PasswordPolicy;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RefreshTokens;
import io.userlink.refresh.RevocationReason;
import io.userlink.storage.dynamodb.DynamoDbAccountStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbInstallStore;
import io.userlink.storage.dynamodb.DynamoDbLoginAttempts;
import io.userlink.storage.dynamodb.DynamoDbOutbox;
import io.userlink.storage.dynamodb.DynamoDbRefreshFamilyStore;
import io.userlink.support.StoppingIdentityStore;
import io.userlink.support.StoredAccounts;
import io.userlink.support.TestUserlink;
import io.userlink.token.AccessToken;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.HistoryEntry;
import io.userlink.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What the stores and secrets must do, whatever serves DynamoDB and Secrets Manager: run against DynamoDB
 * Local with the local Secrets Manager endpoint, and against LocalStack when Docker is present.
 */
public abstract class StorageContract {

    private static final String PASSWORD = "correct horse battery";

    protected abstract TestUserlink userlink();

    @Test
    void appStoreWhenCreatedThenFoundWithItsSettings() {
        App app = newApp();

        userlink().components().apps().create(app);

        assertEquals(Optional.of(app), userlink().components().apps().find(app.appId()));
        assertEquals(Optional.empty(), userlink().components().apps().find("app-neverexisted000"));
    }

    @Test
    void appStoreWhenCreatedTwiceThenRefused() {
        App app = newApp();
        userlink().components().apps().create(app);

        assertThrows(IllegalStateException.class, () -> userlink().components().apps().create(app));
    }

    @Test
    void advanceCredentialsVersionWhenExpectedVersionStaleThenRefused() {
        App app = newApp();
        userlink().components().apps().create(app);

        assertTrue(userlink().components().apps().advanceCredentialsVersion(app.appId(), 1));
        assertFalse(userlink().components().apps().advanceCredentialsVersion(app.appId(), 1));
        assertEquals(2, userlink().components().apps().find(app.appId()).orElseThrow().credentialsVersion());
    }

    @Test
    void appSettingsWhenReplacedThenUnderTheirVersionAndTheCredentialsVersionStays() {
        App app = newApp();
        userlink().components().apps().create(app);
        App changed = app.withSettings(app.settings().withDevicePolicy(DevicePolicy.NEWEST_WINS).withSdkConfig("{\"a\":[1,2]}"));

        assertTrue(userlink().components().apps().replaceSettings(changed));
        assertFalse(userlink().components().apps().replaceSettings(changed), "the version moved on");
        assertTrue(userlink().components().apps().advanceCredentialsVersion(app.appId(), 1));
        assertEquals(changed.withNextCredentialsVersion(), userlink().components().apps().find(app.appId()).orElseThrow());
        assertTrue(userlink().components().apps().list().stream().anyMatch(listed -> listed.appId().equals(app.appId())),
                "listed by a query of the apps partition");
    }

    /** An app item stored before settings had a version has none: it reads as version 0 and takes the first change. */
    @Test
    void appSettingsWhenTheAppPredatesSettingsVersionsThenReplacedAsFromVersionZero() {
        App app = newApp();
        userlink().components().apps().create(app);
        userlink().dynamoDb().updateItem(r -> r.tableName(table())
                .key(Map.of("pk", AttributeValue.fromS("APP#" + app.appId()), "sk", AttributeValue.fromS("APP")))
                .updateExpression("REMOVE settings_version"));
        assertEquals(0, userlink().components().apps().find(app.appId()).orElseThrow().settingsVersion());
        App changed = app.withSettings(app.settings().withDevicePolicy(DevicePolicy.NEWEST_WINS));

        assertTrue(userlink().components().apps().replaceSettings(changed));
        assertEquals(changed, userlink().components().apps().find(app.appId()).orElseThrow());
        assertFalse(userlink().components().apps().replaceSettings(changed), "the version moved on");
    }

    @Test
    void appCredentialsWhenSavedThenLoadedAndWhenAbsentThenEmpty() {
        String appId = userlink().components().ids().appId();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        AppCredentials credentials = new AppCredentials(3,
                List.of(new AppSecretRecord("s1", "a".repeat(64), now)),
                Map.of("k1", new ApiKeyRecord("k1", "backend", "b".repeat(64), Set.of(Scope.USER_LINK, Scope.USER_READ),
                        now, now.plusSeconds(60), true)));

        assertEquals(AppCredentials.empty(), userlink().components().appCredentials().load(appId));
        userlink().components().appCredentials().save(appId, credentials);
        assertEquals(credentials, userlink().components().appCredentials().load(appId));
        AppCredentials changed = new AppCredentials(4, credentials.appSecrets(), Map.of());
        userlink().components().appCredentials().save(appId, changed);
        assertEquals(changed, userlink().components().appCredentials().load(appId));
    }

    @Test
    void installStoreWhenCreatedThenFoundWithItsFamilyStoredBeside() {
        DynamoDbInstallStore installs = new DynamoDbInstallStore(userlink().dynamoDb(), table());
        String installId = userlink().components().ids().installId();
        RefreshFamily family = userlink().components().refreshService().start(newApp(), installId, Optional.empty());
        Install install = newInstall(installId, family);

        installs.create(install, family);

        assertEquals(Optional.of(install), identities().findInstall(install.installId()));
        assertThrows(IllegalStateException.class, () -> installs.create(install, family));
    }

    @Test
    void keyRingWhenReadThenParsesTheSecret() {
        var ring = userlink().components().keyRing().keyRing();

        assertTrue(ring.current().isPrivate());
        assertTrue(ring.publicKeys().verificationKey(ring.next().getKeyID()).isPresent());
    }

    @Test
    void refreshFamilyRotateWhenTheHashIsStaleOrTheFamilyRevokedThenRefusedAndNothingWritten() {
        // given: a family as registration stores it
        RefreshFamily family = storedFamily();
        DynamoDbRefreshFamilyStore families = families();
        Instant now = family.createdAt().plusSeconds(60);
        RefreshFamily rotated = family.rotated(RefreshTokens.hash("second"), now);

        // then: only the holder of the current token's hash moves the family on, once
        assertFalse(families.rotate(rotated, RefreshTokens.hash("not the current token")));
        assertEquals(Optional.of(family), families.find(family.familyId()));
        assertTrue(families.rotate(rotated, family.currentHash()));
        assertEquals(Optional.of(rotated), families.find(family.familyId()));
        assertFalse(families.rotate(rotated.rotated(RefreshTokens.hash("third"), now), family.currentHash()),
                "a rotation that lost the race to the same token");

        // and: a revocation wins over a rotation that read the family before it
        families.revoke(family.familyId(), RevocationReason.REUSE_DETECTED);
        assertFalse(families.rotate(rotated.rotated(RefreshTokens.hash("third"), now), rotated.currentHash()));
        RefreshFamily revoked = families.find(family.familyId()).orElseThrow();
        assertEquals(Optional.of(RevocationReason.REUSE_DETECTED), revoked.revocation());
        assertEquals(rotated.generation(), revoked.generation());
    }

    @Test
    void refreshFamilyFindWhenARevocationOutlivedTheFamilyThenNoFamily() {
        // given: revoking a family that is already gone leaves a bare marker
        DynamoDbRefreshFamilyStore families = families();
        String gone = userlink().components().ids().familyId();
        families.revoke(gone, RevocationReason.SIGNED_OUT);

        // then: a refresh token of it is refused as unknown, not failed on
        assertEquals(Optional.empty(), families.find(gone));
    }

    @Test
    void loginAttemptsWhenLockedOrAtTheCapThenRefusedWithTheLockAndAfterItCountedAgain() {
        // given
        DynamoDbLoginAttempts attempts = loginAttempts();
        String appId = userlink().components().ids().appId();
        EmailAddress email = new EmailAddress("ann@example.com");
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        Instant forgetAt = now.plus(Duration.ofDays(1));

        // then
        assertEquals(new Allowed(1), attempts.reserve(appId, email, now, 3, forgetAt));
        attempts.lock(appId, email, now.plusMillis(1_500), false);
        attempts.lock(appId, email, now.plusSeconds(1), false);
        assertEquals(new Locked(now.plusSeconds(2), false), attempts.reserve(appId, email, now.plusSeconds(1), 3, forgetAt),
                "a lock never shorter than asked, nor shortened by a shorter one");
        assertEquals(new Allowed(2), attempts.reserve(appId, email, now.plusSeconds(2), 3, forgetAt));
        assertEquals(new Allowed(3), attempts.reserve(appId, email, now.plusSeconds(2), 3, forgetAt));
        assertEquals(new Locked(now.plusSeconds(2), true), attempts.reserve(appId, email, now.plusSeconds(3), 3, forgetAt),
                "the cap locks for good");
        attempts.clear(appId, email);
        assertEquals(new Allowed(1), attempts.reserve(appId, email, now.plusSeconds(3), 3, forgetAt));
    }

    @Test
    void loginAttemptsWhenLockedForGoodThenTheCountLosesItsExpiry() {
        // given: a count DynamoDB's TTL would forget, and with it a lock meant to hold until a person lifts it
        DynamoDbLoginAttempts attempts = loginAttempts();
        String appId = userlink().components().ids().appId();
        EmailAddress email = new EmailAddress("bob@example.com");
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("APP#" + appId + "#LOGIN#" + Sha256.hex(email.value())),
                "sk", AttributeValue.fromS("LOGIN_ATTEMPTS"));
        attempts.reserve(appId, email, now, 3, now.plus(Duration.ofDays(1)));

        // when
        attempts.lock(appId, email, now.plusSeconds(60), false);
        boolean expiresWhenTemporary = hasExpiry(key);
        attempts.lock(appId, email, now.plus(Duration.ofDays(3650)), true);

        // then
        assertTrue(expiresWhenTemporary);
        assertFalse(hasExpiry(key));
    }

    /**
     * A deletion of an account's user stopped after its transaction and before its purge (a timeout): the user reads
     * as deleted, its password hash and its address went with the tombstone, the tombstone lists what is left, the
     * record that the deletion began is there for the stream, and deleting it again purges all that.
     */
    @Test
    void userDeletionWhenStoppedBeforeItsPurgeThenTheAccountIsGoneTheTombstoneListsTheRestAndDeletingAgainPurgesIt() {
        // given
        App app = userlink().components().apps().find(userlink().createApp().appId()).orElseThrow();
        EmailAddress email = new EmailAddress("dora@example.com");
        String userId = ((LoggedIn) userlink().components().accountService().register(app, newInstallToken(app),
                email.value(), "correct horse battery", Map.of(), Map.of())).user().userId();
        DynamoDbIdentityStore store = identities();
        UserDeletion stopping = new UserDeletion(new StoppingIdentityStore(store).stoppingAtPurge(),
                new ConflictRetry(Duration.ofSeconds(1), Random::new), userlink().clock());

        // when
        assertThrows(StoppingIdentityStore.Stopped.class, () -> stopping.delete(app, userId));

        // then
        assertEquals(Optional.empty(), store.findUserRecord(userId, HistoryWindow.NEWEST));
        UserInstalls tombstone = store.findUserInstalls(userId).orElseThrow();
        assertTrue(tombstone.user().isDeleted());
        assertFalse(sortKeysOfUserPartition(userId).contains("ACCOUNT"), "the password hash went in the transaction");
        assertEquals(Optional.empty(), store.findUserIdByEmail(app.appId(), email));
        assertEquals(List.of(), tombstone.installs(), "ended in the transaction");
        assertTrue(sortKeysOfUserPartition(userId).stream().anyMatch(key -> key.startsWith("HISTORY#")));
        assertTrue(sortKeysOfUserPartition(userId).contains("DELETION"), "the record that the deletion began");
        assertEquals(Optional.of(userId), store.deletedUserIdOfKey("USER#" + userId, "DELETION"));
        assertEquals(Optional.empty(), store.deletedUserIdOfKey("USER#" + userId, "USER"));
        assertEquals(Optional.empty(), store.deletedUserIdOfKey("OUTBOX#" + userId, "DELETION"));
        userlink().dynamoDbCalls().reset();
        assertTrue(store.unfinishedDeletions().contains(userId), "listed");
        assertEquals(0, userlink().dynamoDbCalls().count("Scan"), "found without reading the whole table");

        // when
        userlink().components().userDeletion().delete(app, userId);

        // then
        assertEquals(List.of("USER"), sortKeysOfUserPartition(userId), "history and the record went with the purge");
        assertFalse(store.unfinishedDeletions().contains(userId), "and its listing after them");
        assertEquals(ErrorCode.USER_NOT_FOUND, assertThrows(UserlinkException.class,
                () -> userlink().components().userDeletion().delete(app, userId)).code());
    }

    /**
     * The outbox lists each mail written until it is marked, so the person on call finds the unsent ones without a
     * scan: sent, dropped or handed on to a copy, a mail leaves the list in the transaction that marks it.
     */
    @Test
    void unsentWhenMailsAreSentDroppedOrRequeuedThenListedUntilMarkedAndFoundWithoutAScan() {
        // given
        String appId = userlink().createApp().appId();
        Instant now = userlink().clock().instant();
        DynamoDbAccountStore accounts = new DynamoDbAccountStore(userlink().dynamoDb(), table());
        DynamoDbOutbox outbox = new DynamoDbOutbox(userlink().dynamoDb(), table());
        List<OutboxMail> mails = new ArrayList<>();
        // Three to mark, and more waiting than one batch read takes (100).
        for (int i = 0; i < 103; i++) {
            OutboxMail mail = OutboxMail.of(userlink().components().ids(), MailKind.PASSWORD_CHANGED, appId,
                    userlink().components().ids().userId(), new EmailAddress("person" + i + "@example.com"),
                    Optional.empty(), now.plusSeconds(i));
            assertTrue(accounts.commit(AccountChange.mailOnly(mail)));
            mails.add(mail);
        }
        userlink().dynamoDbCalls().reset();
        assertEquals(outboxIds(mails), outboxIds(unsentOf(outbox, appId, now)), "each listed, oldest first");
        assertEquals(0, userlink().dynamoDbCalls().count("Scan"), "found without reading the whole table");
        assertEquals(0, userlink().dynamoDbCalls().count("GetItem"), "read in batches");
        assertTrue(userlink().dynamoDbCalls().count("BatchGetItem") >= 2, "of at most 100");

        // when
        assertInstanceOf(Outbox.Claim.Claimed.class, outbox.claim(mails.get(0).outboxId(), now, Duration.ofMinutes(2)));
        outbox.markSent(mails.get(0).outboxId(), "message-1", now);
        assertTrue(outbox.dropIfUnclaimed(mails.get(1).outboxId(), "by-operator", now));
        OutboxMail copy = mails.get(2).underNewId(userlink().components().ids());
        assertTrue(outbox.requeue(mails.get(2), copy, now));

        // then
        List<String> waiting = outboxIds(mails.subList(3, mails.size()));
        assertEquals(copy.outboxId(), outboxIds(unsentOf(outbox, appId, now)).getFirst(), "the copy, oldest (its original's time)");
        assertEquals(waiting, outboxIds(unsentOf(outbox, appId, now)).subList(1, waiting.size() + 1));
        for (OutboxMail mail : mails.subList(0, 3)) {
            assertFalse(listed(mail.outboxId()), mail + " is off the list");
        }
        assertTrue(listed(copy.outboxId()));
    }

    private static List<OutboxMail> unsentOf(DynamoDbOutbox outbox, String appId, Instant now) {
        return outbox.unsent(now).stream().filter(mail -> mail.appId().equals(appId)).toList();
    }

    private static List<String> outboxIds(List<OutboxMail> mails) {
        return mails.stream().map(OutboxMail::outboxId).toList();
    }

    /** Whether the list of unsent mails holds {@code outboxId}. */
    private boolean listed(String outboxId) {
        var found = userlink().dynamoDb().getItem(r -> r.tableName(table()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("UNSENT#" + Math.floorMod(outboxId.hashCode(), 8)),
                "sk", AttributeValue.fromS(outboxId))));
        return found.hasItem() && !found.item().isEmpty();
    }

    /**
     * A purge that stopped after the record that the deletion began and before the deletion's listing leaves it
     * listed: the person on call finishes it (nothing left to purge), which removes the listing.
     */
    @Test
    void unfinishedDeletionsWhenAPurgeStoppedBeforeTheListingThenListedUntilFinishedAgain() {
        // given
        App app = userlink().components().apps().find(userlink().createApp().appId()).orElseThrow();
        String userId = ((LoggedIn) userlink().components().accountService().register(app, newInstallToken(app),
                "rob@example.com", "correct horse battery", Map.of(), Map.of())).user().userId();
        DynamoDbIdentityStore store = identities();
        UserDeletion stopping = new UserDeletion(new StoppingIdentityStore(store).stoppingAtPurge(),
                new ConflictRetry(Duration.ofSeconds(1), Random::new), userlink().clock());
        assertThrows(StoppingIdentityStore.Stopped.class, () -> stopping.delete(app, userId));
        // What the purge's batches remove, the record that the deletion began last; not yet the listing.
        sortKeysOfUserPartition(userId).stream().filter(sortKey -> !sortKey.equals("USER")).forEach(sortKey ->
                userlink().dynamoDb().deleteItem(r -> r.tableName(table()).key(Map.of(
                        "pk", AttributeValue.fromS("USER#" + userId), "sk", AttributeValue.fromS(sortKey)))));
        assertTrue(store.unfinishedDeletions().contains(userId), "listed, its record gone");

        // when
        boolean finished = userlink().components().userDeletion().finish(userId);

        // then
        assertFalse(finished, "nothing was left to finish");
        assertFalse(store.unfinishedDeletions().contains(userId), "no longer listed");
        assertEquals(List.of("USER"), sortKeysOfUserPartition(userId));
    }

    /**
     * An account registered before {@link EmailAddress#parse} read a domain's IDNA labels as Unicode holds its claim
     * under the address as typed then: either spelling finds it, a registration of the address is refused in the
     * transaction itself (it cannot be checked away by a race), and its deletion frees the address.
     */
    @Test
    void emailClaimWhenStoredUnderTheIdnaSpellingThenFoundHeldAgainstRegistrationAndFreedByDeletion() {
        // given
        App app = userlink().components().apps().find(userlink().createApp().appId()).orElseThrow();
        DynamoDbIdentityStore store = identities();
        String userId = storedAccount(app, new EmailAddress("bea@xn--mller-kva.de"));
        EmailAddress address = EmailAddress.parse("bea@xn--mller-kva.de").orElseThrow();

        // then
        assertEquals("bea@müller.de", address.value());
        assertEquals(Optional.of(userId), store.findUserIdByEmail(app.appId(), address));
        assertThrows(ConcurrentChangeException.class, () -> storedAccount(app, address));

        // when
        userlink().components().userDeletion().delete(app, userId);

        // then
        assertEquals(Optional.empty(), store.findUserIdByEmail(app.appId(), address));
        LoggedIn registered = (LoggedIn) userlink().components().accountService().register(app, newInstallToken(app),
                "bea@xn--mller-kva.de", "correct horse battery", Map.of(), Map.of());
        assertEquals(Optional.of(registered.user().userId()), store.findUserIdByEmail(app.appId(), address));
        assertEquals(address, registered.account().email());
    }

    /** Where each spelling got an account before, both spellings find the one in Unicode, as the README says. */
    @Test
    void emailClaimWhenBothSpellingsHoldAnAccountThenTheOneInUnicodeIsFound() {
        App app = userlink().components().apps().find(userlink().createApp().appId()).orElseThrow();
        String inUnicode = storedAccount(app, new EmailAddress("cy@müller.de"));
        storedAccount(app, new EmailAddress("cy@xn--mller-kva.de"));

        for (String typed : List.of("cy@müller.de", "cy@xn--mller-kva.de")) {
            assertEquals(Optional.of(inUnicode), identities().findUserIdByEmail(app.appId(),
                    EmailAddress.parse(typed).orElseThrow()), typed);
        }
    }

    /**
     * A change of address moves the user's record of it, the account and the claim in one transaction: refused whole
     * when another account took the new address first (told apart from a lost race by the cancellation's reason for
     * the claim's action) or when the user or the account changed since they were read.
     */
    @Test
    void moveAddressWhenTheAddressIsTakenOrTheAccountChangedThenNothingMovesElseAllOfItMoves() {
        App app = userlink().administration().updateSettings(userlink().createApp().appId(), settings -> settings
                .withAccountMail(AccountMail.defaults().withConfirmationLink("https://app.example.com/c?t={token}")));
        AccountService accounts = userlink().components().accountService();
        String userId = askingToMove(app, "dee@example.com", "dee.new@example.com");
        DynamoDbAccountStore store = new DynamoDbAccountStore(userlink().dynamoDb(), table());
        Account before = store.find(userId).orElseThrow();
        User userBefore = identities().findUser(userId).orElseThrow();
        String link = new MailTokens(userlink().components().keyRing(), userlink().components().ids())
                .token(before.verificationTokenId().orElseThrow());
        EmailAddress newAddress = new EmailAddress("dee.new@example.com");
        LoggedIn taker = (LoggedIn) accounts.register(app, newInstallToken(app), "dee.new@example.com", PASSWORD,
                Map.of(), Map.of());

        assertThrows(UserlinkException.class, () -> userlink().components().accountEmails().confirm(app, link));
        assertEquals(Optional.of(userId), identities().findUserIdByEmail(app.appId(), before.email()));
        assertEquals(userBefore, identities().findUser(userId).orElseThrow(), "the user's address stays");
        assertEquals(before, store.find(userId).orElseThrow());
        assertEquals(AccountStore.WriteOutcome.ADDRESS_TAKEN, store.moveAddress(move(userBefore, before, newAddress)),
                "the claim's own refusal, not a lost race");
        userlink().components().userDeletion().delete(app, taker.user().userId());

        Account moved = userlink().components().accountEmails().confirm(app, link);

        assertEquals(newAddress, moved.email());
        assertEquals(Optional.of(newAddress), identities().findUser(userId).orElseThrow().email());
        assertEquals(userBefore.version() + 1, identities().findUser(userId).orElseThrow().version());
        assertEquals(Optional.of(userId), identities().findUserIdByEmail(app.appId(), newAddress));
        assertEquals(Optional.empty(), identities().findUserIdByEmail(app.appId(), before.email()));
        assertEquals(AccountStore.WriteOutcome.CHANGED_MEANWHILE, store.moveAddress(move(userBefore, before,
                new EmailAddress("dee.third@example.com"))));
        assertEquals(Optional.empty(), identities().findUserIdByEmail(app.appId(), new EmailAddress("dee.third@example.com")));
    }

    /**
     * A move by link stores the link back with the account that names it, and the link back moves the account home
     * with a new password: every field of both writes read back as written.
     */
    @Test
    void moveAddressWhenTheAppHasAResetPageThenTheLinkBackIsStoredAndMovesTheAccountBack() {
        App app = userlink().administration().updateSettings(userlink().createApp().appId(), settings -> settings
                .withAccountMail(AccountMail.defaults().withConfirmationLink("https://app.example.com/c?t={token}")
                        .withPasswordResetLink("https://app.example.com/r?t={token}")));
        String userId = askingToMove(app, "eve@example.com", "eve.new@example.com");
        DynamoDbAccountStore store = new DynamoDbAccountStore(userlink().dynamoDb(), table());
        MailTokens mailTokens = new MailTokens(userlink().components().keyRing(), userlink().components().ids());
        userlink().components().accountEmails().confirm(app,
                mailTokens.token(store.find(userId).orElseThrow().verificationTokenId().orElseThrow()));

        Account moved = store.find(userId).orElseThrow();
        MailToken back = store.findToken(moved.undoTokenId().orElseThrow()).orElseThrow();
        assertEquals(MailTokenPurpose.UNDO_EMAIL_CHANGE, back.purpose());
        assertEquals(Optional.of(new EmailAddress("eve@example.com")), back.newAddress());
        assertEquals(userId, back.userId());

        userlink().components().accountEmails().resetPassword(app, mailTokens.token(back.tokenId()), "a brand new passphrase");

        Account home = store.find(userId).orElseThrow();
        assertEquals(new EmailAddress("eve@example.com"), home.email());
        assertEquals(Optional.empty(), home.undoTokenId());
        assertEquals(Optional.empty(), store.findToken(back.tokenId()), "spent");
        assertEquals(Optional.of(userId), identities().findUserIdByEmail(app.appId(), home.email()));
        assertEquals(Optional.empty(), identities().findUserIdByEmail(app.appId(), new EmailAddress("eve.new@example.com")));
    }

    /** The user id of a new account of {@code email} that asked to move to {@code newEmail}, its link mailed. */
    private String askingToMove(App app, String email, String newEmail) {
        AccountService accounts = userlink().components().accountService();
        LoggedIn registered = (LoggedIn) accounts.register(app, newInstallToken(app), email, PASSWORD, Map.of(), Map.of());
        accounts.requestAddressChange(app, userlink().verified(registered.tokens().orElseThrow().accessToken().value()),
                newEmail, PASSWORD);
        return registered.user().userId();
    }

    /** The move of {@code account} (and {@code user}, as read with it) to {@code to}, with its link's token. */
    private AddressMove move(User user, Account account, EmailAddress to) {
        return new AddressMove(user.withEmail(to), account.movedTo(to, Optional.empty(), userlink().clock().instant()),
                account.email(), account.verificationTokenId(), OutboxMail.of(userlink().components().ids(),
                        MailKind.EMAIL_CHANGED, account.appId(), account.userId(), account.email(), Optional.empty(),
                        Instant.EPOCH), Optional.empty());
    }

    /** A new user's account under {@code address} exactly, written by the store alone. */
    private String storedAccount(App app, EmailAddress address) {
        String userId = userlink().components().ids().userId();
        StoredAccounts.store(identities(), app.appId(), userId, address, "correct horse battery", userlink().clock().instant());
        return userId;
    }

    /**
     * A user's history only grows (every sign-in adds to it), and a Query returns at most 1 MB a page: what ends a
     * user's sessions or installs reads the user and its installs in one Query however long the history has grown,
     * where the lookup's read, which answers with the history, takes a page per megabyte.
     */
    @Test
    void findUserInstallsWhenTheHistoryOutgrowsAQueryPageThenOneQueryReadsTheUserAndItsInstalls() {
        // given
        String userId = accountUser("gus@example.com", 1);
        Map<String, AttributeValue> signIn = userPartition(userId).stream()
                .filter(item -> item.get("sk").s().startsWith("HISTORY#")).findFirst().orElseThrow();
        int added = 300;
        for (int batch = 0; batch < added / 25; batch++) {
            List<WriteRequest> puts = new ArrayList<>();
            for (int i = batch * 25; i < (batch + 1) * 25; i++) {
                Map<String, AttributeValue> copy = new HashMap<>(signIn);
                copy.put("sk", AttributeValue.fromS(signIn.get("sk").s() + "#" + String.format("%03d", i)));
                copy.put("padding", AttributeValue.fromS("x".repeat(4000)));
                puts.add(WriteRequest.builder().putRequest(r -> r.item(copy)).build());
            }
            userlink().dynamoDb().batchWriteItem(r -> r.requestItems(Map.of(table(), puts)));
        }
        DynamoDbIdentityStore store = identities();
        userlink().dynamoDbCalls().reset();

        // when
        UserInstalls held = store.findUserInstalls(userId).orElseThrow();

        // then
        assertEquals(1, userlink().dynamoDbCalls().count("Query"));
        assertEquals(userId, held.user().userId());
        assertEquals(2, held.installs().size());

        // when
        userlink().dynamoDbCalls().reset();
        UserRecord record = store.findUserRecord(userId, HistoryWindow.NEWEST).orElseThrow();

        // then
        assertTrue(userlink().dynamoDbCalls().count("Query") > 1, "the history fills more than one page");
        assertTrue(record.history().size() > added, "every entry, the added ones too");
        assertEquals(held.installs(), record.installs());
    }

    /**
     * A lookup answers with a window of the history, newest first as windows go: read backwards window by window, the
     * history comes whole, each entry once, and every window has the user, its account (read by itself once the
     * history is cut short, since it sorts after it) and its installs.
     */
    @Test
    void findUserRecordWhenTheWindowIsShorterThanTheHistoryThenWindowsReadBackwardsGiveItWhole() {
        // given
        String userId = accountUser("hal@example.com", 3);
        DynamoDbIdentityStore store = identities();
        UserRecord whole = store.findUserRecord(userId, HistoryWindow.NEWEST).orElseThrow();
        assertTrue(whole.history().size() > 6, "history of " + whole.history().size());
        assertEquals(Optional.empty(), whole.earlierHistory());

        // when
        List<HistoryEntry> readBackwards = new ArrayList<>();
        List<UserRecord> windows = new ArrayList<>();
        Optional<HistoryPosition> before = Optional.empty();
        do {
            userlink().dynamoDbCalls().reset();
            UserRecord window = store.findUserRecord(userId, new HistoryWindow(3, before)).orElseThrow();
            if (before.isEmpty()) {
                assertEquals(1, userlink().dynamoDbCalls().count("Query"));
                assertEquals(1, userlink().dynamoDbCalls().count("GetItem"), "the account, after the history");
            }
            windows.add(window);
            readBackwards.addAll(0, window.history());
            before = window.earlierHistory();
        } while (before.isPresent() && windows.size() <= whole.history().size());

        // then
        assertEquals(whole.history(), readBackwards);
        assertEquals((whole.history().size() + 2) / 3, windows.size());
        for (UserRecord window : windows) {
            assertEquals(whole.user(), window.user());
            assertEquals(whole.account(), window.account());
            assertEquals(whole.installs(), window.installs());
        }
        assertEquals(List.of(3, 3), windows.subList(0, 2).stream().map(window -> window.history().size()).toList());
        assertEquals(Optional.empty(), store.findUserRecord("usr-neverexisted", new HistoryWindow(3,
                windows.getFirst().earlierHistory())));
    }

    /** The user of an account registered in a new app, then signed in {@code signIns} times, each from a new install. */
    private String accountUser(String email, int signIns) {
        App app = userlink().components().apps().find(userlink().createApp().appId()).orElseThrow();
        String password = "correct horse battery";
        String userId = ((LoggedIn) userlink().components().accountService().register(app, newInstallToken(app),
                email, password, Map.of(), Map.of())).user().userId();
        for (int signIn = 0; signIn < signIns; signIn++) {
            userlink().components().accountService().signIn(app, newInstallToken(app), email, password);
        }
        return userId;
    }

    /** BatchWriteItem takes at most 25 deletes and refuses none: partitions of exactly one and two batches, and one more. */
    @ParameterizedTest
    @ValueSource(ints = {25, 26, 50})
    void purgeWhenThePartitionFillsItsBatchesExactlyOrNotThenAllButTheTombstoneGoes(int purged) {
        String userId = userlink().components().ids().userId();
        putInUserPartition(userId, "USER");
        for (int i = 0; i < purged; i++) {
            putInUserPartition(userId, "HISTORY#" + String.format("%03d", i));
        }

        identities().purge(userId);

        assertEquals(List.of("USER"), sortKeysOfUserPartition(userId));
    }

    protected List<String> sortKeysOfUserPartition(String userId) {
        return userPartition(userId).stream().map(item -> item.get("sk").s()).toList();
    }

    private List<Map<String, AttributeValue>> userPartition(String userId) {
        return userlink().dynamoDb().queryPaginator(r -> r.tableName(table()).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + userId)))).items().stream()
                .toList();
    }

    protected AccessToken newInstallToken(App app) {
        String token = userlink().components().installService().register(app,
                new Registration(Platform.IOS, DeviceClass.PHONE, "3.1", Optional.empty())).tokens().accessToken().value();
        return userlink().verified(token);
    }

    /**
     * The record that a deletion began goes with the purge's last batch, so that while it is in the table the
     * deletion has not finished (README, "Deletion": what the person on call looks for).
     */
    @Test
    void purgeWhenStoppedAfterItsFirstBatchThenTheRecordThatTheDeletionBeganIsStillThere() {
        String userId = userlink().components().ids().userId();
        putInUserPartition(userId, "USER");
        putInUserPartition(userId, "DELETION");
        for (int i = 0; i < 30; i++) {
            putInUserPartition(userId, "HISTORY#" + String.format("%03d", i));
        }
        userlink().dynamoDbCalls().failAfter("BatchWriteItem", 1, 1,
                () -> new IllegalStateException("stopped after one batch, as a timeout would"));

        assertThrows(IllegalStateException.class, () -> identities().purge(userId));
        List<String> left = sortKeysOfUserPartition(userId);
        identities().purge(userId);

        assertTrue(left.contains("DELETION"), left::toString);
        assertEquals(List.of("USER"), sortKeysOfUserPartition(userId));
    }

    /**
     * A purge that stopped after everything but the record that the deletion began: the deletion has not finished,
     * and sending it again finishes it (204) rather than answering that the user is gone.
     */
    @Test
    void userDeletionWhenItsPurgeStoppedBeforeTheRecordThenSendingItAgainFinishesIt() {
        // given
        App app = userlink().components().apps().find(userlink().createApp().appId()).orElseThrow();
        String installId = userlink().components().installService().register(app,
                new Registration(Platform.IOS, DeviceClass.PHONE, "3.1", Optional.empty())).install().installId();
        String userId = userlink().components().linkService().link(app, installId, "fay").userId().orElseThrow();
        UserDeletion stopping = new UserDeletion(new StoppingIdentityStore(identities()).stoppingAtPurge(),
                new ConflictRetry(Duration.ofSeconds(1), Random::new), userlink().clock());
        assertThrows(StoppingIdentityStore.Stopped.class, () -> stopping.delete(app, userId));
        // Exactly one batch before the record.
        for (int i = sortKeysOfUserPartition(userId).size() - 2; i < 25; i++) {
            putInUserPartition(userId, "HISTORY#pad-" + i);
        }
        userlink().dynamoDbCalls().failAfter("BatchWriteItem", 1, 1,
                () -> new IllegalStateException("stopped after one batch, as a timeout would"));
        assertThrows(IllegalStateException.class, () -> identities().purge(userId));
        assertEquals(List.of("DELETION", "USER"), sortKeysOfUserPartition(userId));

        // when
        userlink().components().userDeletion().delete(app, userId);

        // then
        assertEquals(List.of("USER"), sortKeysOfUserPartition(userId));
        assertEquals(ErrorCode.USER_NOT_FOUND, assertThrows(UserlinkException.class,
                () -> userlink().components().userDeletion().delete(app, userId)).code());
    }

    private void putInUserPartition(String userId, String sortKey) {
        userlink().dynamoDb().putItem(r -> r.tableName(table()).item(Map.of("pk", AttributeValue.fromS("USER#" + userId),
                "sk", AttributeValue.fromS(sortKey))));
    }

    protected DynamoDbIdentityStore identities() {
        return new DynamoDbIdentityStore(userlink().dynamoDb(), table(), userlink().clock());
    }

    private DynamoDbLoginAttempts loginAttempts() {
        return new DynamoDbLoginAttempts(userlink().dynamoDb(), table());
    }

    private DynamoDbRefreshFamilyStore families() {
        return new DynamoDbRefreshFamilyStore(userlink().dynamoDb(), table(), userlink().clock());
    }

    private boolean hasExpiry(Map<String, AttributeValue> key) {
        return userlink().dynamoDb().getItem(r -> r.tableName(table()).key(key).consistentRead(true)).item()
                .containsKey("expires_at");
    }

    /** A family stored as registration stores it, beside its install. */
    private RefreshFamily storedFamily() {
        String installId = userlink().components().ids().installId();
        RefreshFamily family = userlink().components().refreshService().start(newApp(), installId, Optional.empty());
        new DynamoDbInstallStore(userlink().dynamoDb(), table()).create(newInstall(installId, family), family);
        return family;
    }

    private Install newInstall(String installId, RefreshFamily family) {
        Instant now = Instant.ofEpochSecond(userlink().clock().instant().getEpochSecond());
        return Install.registered(installId, "app-x", new Registration(Platform.IOS, DeviceClass.TABLET, "3.1", Optional.empty()),
                now, now.plus(Duration.ofDays(30)), family.familyId());
    }

    private String table() {
        return userlink().components().settings().tableName();
    }

    private App newApp() {
        return new App(userlink().components().ids().appId(), "contract", 1, 0,
                new AppSettings(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(90),
                        "{\"flag\":true}", DevicePolicy.MANY_ACTIVE, PasswordPolicy.LEGACY, 12,
                        new AccountMail(RegistrationMode.ACTIVATION_REQUIRED, "https://app.example.com/confirm?t={token}",
                                "myapp://reset/{token}", new MailTemplates(
                                        "{\"password_changed\":{\"subject\":\"Changed: {attributes.name}\"}}"))),
                Instant.ofEpochSecond(1_800_000_000L));
    }
}
