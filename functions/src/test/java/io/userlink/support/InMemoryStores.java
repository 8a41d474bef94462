package io.userlink.support;

import io.userlink.account.AccountChange;
import io.userlink.account.AccountStore;
import io.userlink.account.AddressMove;
import io.userlink.account.LoginAttempts;
import io.userlink.app.App;
import io.userlink.app.AppCredentials;
import io.userlink.app.AppCredentialsStore;
import io.userlink.app.AppStore;
import io.userlink.authcode.AuthCode;
import io.userlink.authcode.AuthCodeStore;
import io.userlink.identity.ConcurrentChangeException;
import io.userlink.identity.HistoryPosition;
import io.userlink.identity.HistoryWindow;
import io.userlink.identity.IdentityStore;
import io.userlink.identity.Transition;
import io.userlink.identity.UserInstalls;
import io.userlink.identity.UserRecord;
import io.userlink.identity.UserWrite;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.install.InstallStore;
import io.userlink.mail.MailToken;
import io.userlink.mail.Outbox;
import io.userlink.mail.OutboxMail;
import io.userlink.mail.UnsentMails;
import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.refresh.RevocationReason;
import io.userlink.storage.dynamodb.TransactionRules;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.HistoryEntry;
import io.userlink.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every store port over maps, for fast unit tests of the domain. A {@link Transition} is checked as the DynamoDB
 * store's one transaction is (by {@link TransactionRules}, on the items that transaction would name: at most 100, none
 * twice; then every condition, then every write, or nothing), so the race paths of the services run here
 * deterministically: {@link #beforeNextCommit} changes state between a service's reads and its commit.
 * {@link io.userlink.identity.IdentityStoreContract} holds this and the DynamoDB store to the same behaviour.
 */
public final class InMemoryStores {

    /**
     * More reads of users' installs than any test makes: the loops that end a user's installs a transaction at a
     * time stop when a read finds none left, and one whose exit is broken (a mutant's) fails here at once rather
     * than at PIT's time limit, in a test JVM of its own.
     */
    private static final int MAX_USER_INSTALLS_READS = 10_000;

    private final Map<String, App> apps = new HashMap<>();
    private final Map<String, AppCredentials> appCredentials = new HashMap<>();
    /** Until when an app's credentials take no new version, as Secrets Manager's quota of versions would refuse them. */
    private final Map<String, Instant> credentialsFullUntil = new HashMap<>();
    private final Map<String, Install> installs = new HashMap<>();
    private final Map<String, User> users = new HashMap<>();
    /** External ids and account emails, to the user each names. */
    private final Map<String, String> claims = new HashMap<>();
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Attempts> loginAttempts = new HashMap<>();
    private final Map<String, Map<String, Install>> userInstalls = new HashMap<>();
    /** Each user's history in the order DynamoDB's sort keys keep it. */
    private final Map<String, NavigableMap<HistoryPosition, HistoryEntry>> history = new HashMap<>();
    /** The users whose deletion's record is there (DynamoDB's {@code DELETION} item): written as deleted, not purged. */
    private final Set<String> unfinishedDeletions = new HashSet<>();
    private final Map<String, RefreshFamily> families = new HashMap<>();
    private final Map<String, AuthCode> codes = new HashMap<>();
    private final Map<String, MailToken> mailTokens = new HashMap<>();
    /** The outbox, in the order mails were written (the order of a stream shard). */
    private final Map<String, OutboxMail> outbox = new LinkedHashMap<>();
    private final Map<String, Instant> claimedUntil = new HashMap<>();
    private final Map<String, String> sent = new HashMap<>();
    private final Queue<Runnable> beforeCommits = new ArrayDeque<>();
    private final List<Transition> committed = new ArrayList<>();
    private int userInstallsReads;

    /**
     * Runs {@code change} once, just before the next transition is checked: what a concurrent request would
     * have written between this one's reads and its commit.
     */
    public synchronized void beforeNextCommit(Runnable change) {
        beforeCommits.add(change);
    }

    /** How many transitions were committed. */
    public synchronized int commits() {
        return committed.size();
    }

    /** The transitions committed so far, oldest first. */
    public synchronized List<Transition> committed() {
        return List.copyOf(committed);
    }

    /** The mails written to the outbox so far, in order, sent or not. */
    public synchronized List<OutboxMail> outboxMails() {
        return List.copyOf(outbox.values());
    }

    /** Makes the store take no new version of {@code appId}'s credentials until {@code until}. */
    public synchronized void fillCredentialVersionsUntil(String appId, Instant until) {
        credentialsFullUntil.put(appId, until);
    }

    /** The outbox ids of the mails marked sent (or dropped), with the message id or the reason. */
    public synchronized Map<String, String> sentMails() {
        return Map.copyOf(sent);
    }

    private NavigableMap<HistoryPosition, HistoryEntry> historyOf(String userId) {
        return history.getOrDefault(userId, Collections.emptyNavigableMap());
    }

    /** The history stored under a user, deleted or not. */
    public synchronized List<HistoryEntry> history(String userId) {
        return List.copyOf(historyOf(userId).values());
    }

    public IdentityStore identities() {
        return new IdentityStore() {
            @Override
            public Optional<Install> findInstall(String installId) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(installs.get(installId));
                }
            }

            @Override
            public Optional<User> findUser(String userId) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(users.get(userId));
                }
            }

            @Override
            public Optional<String> findUserIdByExternalId(String appId, String externalId) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(claims.get(claim(appId, externalId)));
                }
            }

            @Override
            public Optional<String> findUserIdByEmail(String appId, EmailAddress email) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(claims.get(emailClaim(appId, email))).or(() -> email.idnaSpelling()
                            .map(spelling -> claims.get(emailClaim(appId, spelling))));
                }
            }

            @Override
            public Optional<UserRecord> findUserRecord(String userId, HistoryWindow window) {
                synchronized (InMemoryStores.this) {
                    NavigableMap<HistoryPosition, HistoryEntry> before = window.before()
                            .map(position -> historyOf(userId).headMap(position, false)).orElse(historyOf(userId));
                    List<HistoryPosition> read = before.descendingKeySet().stream().limit(window.limit()).toList().reversed();
                    Optional<HistoryPosition> earlier = read.size() < before.size() ? Optional.of(read.getFirst()) : Optional.empty();
                    return Optional.ofNullable(users.get(userId)).filter(user -> !user.isDeleted())
                            .map(user -> new UserRecord(user, Optional.ofNullable(accounts.get(userId)), heldInstalls(userId),
                                    read.stream().map(before::get).toList(), earlier));
                }
            }

            @Override
            public Optional<UserInstalls> findUserInstalls(String userId) {
                synchronized (InMemoryStores.this) {
                    if (++userInstallsReads > MAX_USER_INSTALLS_READS) {
                        throw new IllegalStateException("users' installs read " + MAX_USER_INSTALLS_READS + " times: a loop");
                    }
                    return Optional.ofNullable(users.get(userId)).map(user -> new UserInstalls(user, heldInstalls(userId)));
                }
            }

            @Override
            public void commit(Transition transition) {
                InMemoryStores.this.commit(transition);
            }

            @Override
            public boolean purge(String userId) {
                synchronized (InMemoryStores.this) {
                    boolean found = !heldInstalls(userId).isEmpty() || !historyOf(userId).isEmpty()
                            || accounts.containsKey(userId) || unfinishedDeletions.contains(userId);
                    purgeStoppedBeforeItsLastBatch(userId);
                    unfinishedDeletions.remove(userId);
                    return found;
                }
            }

            @Override
            public Optional<String> deletedUserIdOfKey(String partitionKey, String sortKey) {
                return sortKey.equals("DELETION") && partitionKey.startsWith("USER#")
                        ? Optional.of(partitionKey.substring("USER#".length())) : Optional.empty();
            }

            @Override
            public List<String> unfinishedDeletions() {
                synchronized (InMemoryStores.this) {
                    return List.copyOf(unfinishedDeletions);
                }
            }
        };
    }

    public AccountStore accounts() {
        return new AccountStore() {
            @Override
            public Optional<Account> find(String userId) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(accounts.get(userId));
                }
            }

            @Override
            public boolean replace(Account account) {
                synchronized (InMemoryStores.this) {
                    runBeforeCommits();
                    Account stored = accounts.get(account.userId());
                    if (stored == null || stored.version() != account.version() - 1) {
                        return false;
                    }
                    accounts.put(account.userId(), account);
                    return true;
                }
            }

            @Override
            public Optional<MailToken> findToken(String tokenId) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(mailTokens.get(tokenId));
                }
            }

            @Override
            public boolean commit(AccountChange change) {
                synchronized (InMemoryStores.this) {
                    runBeforeCommits();
                    boolean accountAsRead = change.replaced().map(account -> Optional.ofNullable(accounts.get(account.userId()))
                            .filter(stored -> stored.version() == account.version() - 1).isPresent()).orElse(true);
                    boolean tokenThere = change.usedTokenId().map(mailTokens::containsKey).orElse(true);
                    boolean newToken = change.newToken().map(token -> !mailTokens.containsKey(token.tokenId())).orElse(true);
                    boolean newMail = change.mail().map(mail -> !outbox.containsKey(mail.outboxId())).orElse(true);
                    if (!accountAsRead || !tokenThere || !newToken || !newMail) {
                        return false;
                    }
                    change.replaced().ifPresent(account -> accounts.put(account.userId(), account));
                    change.newToken().ifPresent(token -> mailTokens.put(token.tokenId(), token));
                    change.usedTokenId().ifPresent(mailTokens::remove);
                    change.mail().ifPresent(mail -> outbox.put(mail.outboxId(), mail));
                    return true;
                }
            }

            @Override
            public WriteOutcome moveAddress(AddressMove move) {
                synchronized (InMemoryStores.this) {
                    runBeforeCommits();
                    User user = move.user();
                    Account account = move.account();
                    if (claims.containsKey(emailClaim(user.appId(), account.email()))) {
                        return WriteOutcome.ADDRESS_TAKEN;
                    }
                    boolean userAsRead = Optional.ofNullable(users.get(user.userId()))
                            .filter(stored -> stored.version() == user.version() - 1).isPresent();
                    boolean accountAsRead = Optional.ofNullable(accounts.get(account.userId()))
                            .filter(stored -> stored.version() == account.version() - 1).isPresent();
                    boolean oldClaimHeld = user.userId().equals(claims.get(emailClaim(user.appId(), move.oldAddress())));
                    if (!userAsRead || !accountAsRead || !oldClaimHeld
                            || !move.usedTokenId().map(mailTokens::containsKey).orElse(true)
                            || outbox.containsKey(move.notice().outboxId())
                            || move.undoToken().map(token -> mailTokens.containsKey(token.tokenId())).orElse(false)) {
                        return WriteOutcome.CHANGED_MEANWHILE;
                    }
                    users.put(user.userId(), user);
                    accounts.put(account.userId(), account);
                    claims.remove(emailClaim(user.appId(), move.oldAddress()));
                    claims.put(emailClaim(user.appId(), account.email()), user.userId());
                    move.usedTokenId().ifPresent(mailTokens::remove);
                    move.undoToken().ifPresent(token -> mailTokens.put(token.tokenId(), token));
                    outbox.put(move.notice().outboxId(), move.notice());
                    return WriteOutcome.WRITTEN;
                }
            }
        };
    }

    public Outbox outbox() {
        return new Outbox() {
            @Override
            public Optional<String> outboxIdOfKey(String partitionKey) {
                return partitionKey.startsWith("OUTBOX#") ? Optional.of(partitionKey.substring("OUTBOX#".length()))
                        : Optional.empty();
            }

            @Override
            public Claim claim(String outboxId, Instant now, Duration lease) {
                synchronized (InMemoryStores.this) {
                    OutboxMail mail = outbox.get(outboxId);
                    if (mail == null) {
                        return new Claim.Missing();
                    }
                    if (sent.containsKey(outboxId)) {
                        return new Claim.AlreadySent();
                    }
                    if (claimedUntil.containsKey(outboxId) && now.isBefore(claimedUntil.get(outboxId))) {
                        return new Claim.Busy();
                    }
                    claimedUntil.put(outboxId, now.plus(lease));
                    return new Claim.Claimed(mail);
                }
            }

            @Override
            public void markSent(String outboxId, String messageId, Instant now) {
                synchronized (InMemoryStores.this) {
                    claimedUntil.remove(outboxId);
                    sent.put(outboxId, messageId);
                }
            }

            @Override
            public void markDropped(String outboxId, String reason, Instant now) {
                markSent(outboxId, "dropped: " + reason, now);
            }

            @Override
            public void release(String outboxId) {
                synchronized (InMemoryStores.this) {
                    claimedUntil.remove(outboxId);
                }
            }

            @Override
            public List<OutboxMail> unsent(Instant now) {
                synchronized (InMemoryStores.this) {
                    return outbox.values().stream().filter(mail -> !sent.containsKey(mail.outboxId()))
                            .sorted(Comparator.comparing(OutboxMail::createdAt)).toList();
                }
            }

            @Override
            public boolean dropIfUnclaimed(String outboxId, String reason, Instant now) {
                synchronized (InMemoryStores.this) {
                    if (!outbox.containsKey(outboxId) || sent.containsKey(outboxId)
                            || (claimedUntil.containsKey(outboxId) && now.isBefore(claimedUntil.get(outboxId)))) {
                        return false;
                    }
                    markDropped(outboxId, reason, now);
                    return true;
                }
            }

            @Override
            public boolean requeue(OutboxMail original, OutboxMail copy, Instant now) {
                synchronized (InMemoryStores.this) {
                    if (!dropIfUnclaimed(original.outboxId(), UnsentMails.REQUEUED, now)) {
                        return false;
                    }
                    outbox.put(copy.outboxId(), copy);
                    return true;
                }
            }
        };
    }

    /** A failed-login count as the DynamoDB item holds it, with its TTL (empty once the count is kept for good). */
    private record Attempts(long failures, Optional<Instant> lockedUntil, Optional<Instant> forgetAt) {}

    public LoginAttempts loginAttempts() {
        return new LoginAttempts() {
            @Override
            public Reservation reserve(String appId, EmailAddress email, Instant now, int cap, Instant forgetAt) {
                synchronized (InMemoryStores.this) {
                    String key = emailClaim(appId, email);
                    Attempts stored = Optional.ofNullable(loginAttempts.get(key))
                            .filter(attempts -> attempts.forgetAt().map(now::isBefore).orElse(true))
                            .orElse(new Attempts(0, Optional.empty(), Optional.empty()));
                    boolean locked = stored.lockedUntil().filter(now::isBefore).isPresent();
                    if (stored.failures() >= cap || locked) {
                        return new Locked(stored.lockedUntil().orElse(now), stored.failures() >= cap);
                    }
                    loginAttempts.put(key, new Attempts(stored.failures() + 1, stored.lockedUntil(), Optional.of(forgetAt)));
                    return new Allowed(Math.toIntExact(stored.failures() + 1));
                }
            }

            @Override
            public void lock(String appId, EmailAddress email, Instant until, boolean permanent) {
                synchronized (InMemoryStores.this) {
                    loginAttempts.computeIfPresent(emailClaim(appId, email), (key, stored) ->
                            stored.lockedUntil().filter(lock -> !lock.isBefore(until)).isPresent() ? stored
                                    : new Attempts(stored.failures(), Optional.of(until),
                                            permanent ? Optional.empty() : stored.forgetAt()));
                }
            }

            @Override
            public void clear(String appId, EmailAddress email) {
                synchronized (InMemoryStores.this) {
                    loginAttempts.remove(emailClaim(appId, email));
                }
            }
        };
    }

    public AuthCodeStore codes() {
        return new AuthCodeStore() {
            @Override
            public Optional<AuthCode> find(String codeHash) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(codes.get(codeHash));
                }
            }

            @Override
            public void create(AuthCode code) {
                synchronized (InMemoryStores.this) {
                    if (codes.putIfAbsent(code.codeHash(), code) != null) {
                        throw new IllegalStateException("code exists");
                    }
                }
            }
        };
    }

    public RefreshFamilyStore families() {
        return new RefreshFamilyStore() {
            @Override
            public Optional<RefreshFamily> find(String familyId) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(families.get(familyId));
                }
            }

            @Override
            public boolean rotate(RefreshFamily rotated, String expectedCurrentHash) {
                synchronized (InMemoryStores.this) {
                    runBeforeCommits();
                    RefreshFamily stored = families.get(rotated.familyId());
                    if (stored == null || stored.revocation().isPresent() || !stored.currentHash().equals(expectedCurrentHash)) {
                        return false;
                    }
                    // As the update: only the rotation's attributes change (a binding to a user made since stays).
                    families.put(stored.familyId(), stored.rotated(rotated.currentHash(), rotated.rotatedAt()));
                    return true;
                }
            }

            @Override
            public void revoke(String familyId, RevocationReason reason) {
                synchronized (InMemoryStores.this) {
                    revokeFamily(familyId, reason);
                }
            }
        };
    }

    public InstallStore installs() {
        return (install, family) -> {
            synchronized (InMemoryStores.this) {
                if (installs.containsKey(install.installId()) || families.containsKey(family.familyId())) {
                    throw new IllegalStateException("install or family exists");
                }
                installs.put(install.installId(), install);
                families.put(family.familyId(), family);
            }
        };
    }

    public AppStore apps() {
        return new AppStore() {
            @Override
            public Optional<App> find(String appId) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(apps.get(appId));
                }
            }

            @Override
            public List<App> list() {
                synchronized (InMemoryStores.this) {
                    return apps.values().stream().sorted(Comparator.comparing(App::createdAt)).toList();
                }
            }

            @Override
            public void create(App app) {
                synchronized (InMemoryStores.this) {
                    if (apps.putIfAbsent(app.appId(), app) != null) {
                        throw new IllegalStateException("app " + app.appId() + " exists already");
                    }
                }
            }

            @Override
            public boolean advanceCredentialsVersion(String appId, long expectedVersion) {
                synchronized (InMemoryStores.this) {
                    runBeforeCommits();
                    App app = apps.get(appId);
                    if (app == null || app.credentialsVersion() != expectedVersion) {
                        return false;
                    }
                    apps.put(appId, app.withNextCredentialsVersion());
                    return true;
                }
            }

            @Override
            public boolean replaceSettings(App updated) {
                synchronized (InMemoryStores.this) {
                    runBeforeCommits();
                    App app = apps.get(updated.appId());
                    if (app == null || app.settingsVersion() != updated.settingsVersion() - 1) {
                        return false;
                    }
                    // As the update: the settings and their version change, the credentials version stays.
                    apps.put(app.appId(), app.withSettings(updated.settings()));
                    return true;
                }
            }
        };
    }

    public AppCredentialsStore appCredentials() {
        return new AppCredentialsStore() {
            @Override
            public AppCredentials load(String appId) {
                synchronized (InMemoryStores.this) {
                    return appCredentials.getOrDefault(appId, AppCredentials.empty());
                }
            }

            @Override
            public void save(String appId, AppCredentials credentials) {
                synchronized (InMemoryStores.this) {
                    appCredentials.put(appId, credentials);
                }
            }

            @Override
            public Optional<Instant> fullUntil(String appId, Instant now) {
                synchronized (InMemoryStores.this) {
                    return Optional.ofNullable(credentialsFullUntil.get(appId)).filter(now::isBefore);
                }
            }
        };
    }

    private List<Install> heldInstalls(String userId) {
        return List.copyOf(userInstalls.getOrDefault(userId, Map.of()).values());
    }

    /** The copy of an install under its user's partition, as a lookup lists it. */
    public synchronized Optional<Install> userInstall(String userId, String installId) {
        return Optional.ofNullable(userInstalls.getOrDefault(userId, Map.of()).get(installId));
    }

    /**
     * What a purge that stopped before its last batch leaves (DynamoDB's purge removes the record that the deletion
     * began last): everything of the user's purged but that record.
     */
    public synchronized void purgeStoppedBeforeItsLastBatch(String userId) {
        userInstalls.remove(userId);
        history.remove(userId);
        accounts.remove(userId);
    }

    /** Puts state directly, as another writer (or a partial restore) left it. */
    public synchronized void putUser(User user) {
        users.put(user.userId(), user);
    }

    public synchronized void putInstall(Install install) {
        installs.put(install.installId(), install);
    }

    /** Puts a copy of an install under a user's partition, whatever the install's own item says. */
    public synchronized void putUserInstall(String userId, Install copy) {
        userInstalls.computeIfAbsent(userId, id -> new LinkedHashMap<>()).put(copy.installId(), copy);
    }

    public synchronized void claimExternalId(String appId, String externalId, String userId) {
        claims.put(claim(appId, externalId), userId);
    }

    private synchronized void commit(Transition transition) {
        runBeforeCommits();
        TransactionRules.check(transition);
        transition.user().ifPresent(write -> checkUserWrites(transition, write));
        for (Install install : transition.installs()) {
            Install stored = installs.get(install.installId());
            require(stored != null && stored.version() == install.version() - 1, "install version");
        }
        transition.newFamily().ifPresent(family -> require(!families.containsKey(family.familyId()), "family absent"));
        transition.newMailToken().ifPresent(token -> require(!mailTokens.containsKey(token.tokenId()), "mail token absent"));
        transition.mail().ifPresent(mail -> require(!outbox.containsKey(mail.outboxId()), "outbox mail absent"));
        transition.user().ifPresent(write -> applyUserWrites(transition, write));
        transition.installs().forEach(install -> installs.put(install.installId(), install));
        for (Transition.InstallCopy copy : transition.installCopies()) {
            if (copy.listed()) {
                userInstalls.computeIfAbsent(copy.userId(), id -> new LinkedHashMap<>())
                        .put(copy.install().installId(), copy.install());
            } else {
                userInstalls.getOrDefault(copy.userId(), new LinkedHashMap<>()).remove(copy.install().installId());
            }
        }
        transition.newFamily().ifPresent(family -> families.put(family.familyId(), family));
        transition.revokeFamilies().forEach(revoked -> revokeFamily(revoked.familyId(), revoked.reason()));
        transition.newMailToken().ifPresent(token -> mailTokens.put(token.tokenId(), token));
        transition.mail().ifPresent(mail -> outbox.put(mail.outboxId(), mail));
        committed.add(transition);
    }

    private void checkUserWrites(Transition transition, UserWrite write) {
        User user = write.user();
        User stored = users.get(user.userId());
        switch (write) {
            case UserWrite.Create create -> {
                require(stored == null, "user absent");
                require(!claims.containsKey(identifierClaim(user)), "external id or email unclaimed");
                user.email().flatMap(EmailAddress::idnaSpelling).ifPresent(spelling ->
                        require(!claims.containsKey(emailClaim(user.appId(), spelling)), "email's IDNA spelling unclaimed"));
                transition.newAccount().ifPresent(account -> require(!accounts.containsKey(account.userId()), "account absent"));
            }
            case UserWrite.Replace replace -> require(stored != null && stored.version() == user.version() - 1, "user version");
            case UserWrite.Check check -> require(stored != null && !stored.isDeleted(), "user exists undeleted");
        }
        transition.releasedIdentifierOf().ifPresent(deleted -> require(
                deleted.userId().equals(claims.get(identifierClaim(deleted))), "external id or email names the user"));
        for (Transition.Deactivation deactivation : transition.deactivations()) {
            Install active = installs.get(deactivation.installId());
            require(active != null && active.state() == InstallState.ACTIVE
                    && active.userId().equals(Optional.of(user.userId())), "deactivated install is the user's active one");
            require(userInstall(user.userId(), deactivation.installId()).isPresent(), "user's copy exists");
        }
        transition.bindFamilyToUser().ifPresent(familyId -> {
            RefreshFamily family = families.get(familyId);
            require(family != null && family.revocation().isEmpty(), "bound family exists unrevoked");
        });
        transition.consumeCode().ifPresent(redemption -> {
            AuthCode code = codes.get(redemption.codeHash());
            require(code != null && code.redemption().isEmpty(), "code unused");
        });
    }

    private void applyUserWrites(Transition transition, UserWrite write) {
        User user = write.user();
        switch (write) {
            case UserWrite.Create create -> {
                users.put(user.userId(), user);
                claims.put(identifierClaim(user), user.userId());
                transition.newAccount().ifPresent(account -> accounts.put(account.userId(), account));
            }
            case UserWrite.Replace replace -> {
                users.put(user.userId(), user);
                if (user.isDeleted()) {
                    unfinishedDeletions.add(user.userId());
                }
            }
            case UserWrite.Check check -> { }
        }
        transition.releasedIdentifierOf().ifPresent(deleted -> {
            claims.remove(identifierClaim(deleted));
            accounts.remove(deleted.userId());
        });
        Map<String, Install> copies = userInstalls.computeIfAbsent(user.userId(), id -> new LinkedHashMap<>());
        for (Transition.Deactivation deactivation : transition.deactivations()) {
            Install deactivated = deactivated(installs.get(deactivation.installId()), deactivation);
            installs.put(deactivation.installId(), deactivated);
            copies.put(deactivation.installId(), deactivated(copies.get(deactivation.installId()), deactivation));
        }
        transition.bindFamilyToUser().ifPresent(familyId -> {
            RefreshFamily family = families.get(familyId);
            families.put(familyId, new RefreshFamily(family.familyId(), family.appId(), family.installId(),
                    Optional.of(user.userId()), family.generation(), family.currentHash(), family.previousHash(),
                    family.createdAt(), family.rotatedAt(), family.lastUsed(), family.absoluteExpiry(),
                    family.idleLifetime(), family.accessTokenLifetime(), family.revocation()));
        });
        transition.consumeCode().ifPresent(redemption -> {
            AuthCode code = codes.get(redemption.codeHash());
            codes.put(code.codeHash(), new AuthCode(code.codeHash(), code.appId(), code.externalId(), code.createdAt(),
                    code.expiresAt(), Optional.of(redemption)));
        });
        for (int sequence = 0; sequence < transition.history().size(); sequence++) {
            HistoryEntry entry = transition.history().get(sequence);
            history.computeIfAbsent(user.userId(), id -> new TreeMap<>()).put(HistoryPosition.of(entry, user.version(), sequence), entry);
        }
    }

    /** As the DynamoDB update: state, reason and time set, the version raised, nothing else read or changed. */
    private static Install deactivated(Install install, Transition.Deactivation deactivation) {
        return new Install(install.installId(), install.appId(), install.platform(), install.deviceClass(),
                install.sdkVersion(), install.deviceModel(), install.createdAt(), install.expiresAt(),
                InstallState.DEACTIVATED, install.userId(), Optional.of(deactivation.reason()), install.linkedAt(),
                Optional.of(deactivation.at()), install.familyId(), install.version() + 1);
    }

    /** As the DynamoDB update: the first reason stays; a family already gone stays gone. */
    private void revokeFamily(String familyId, RevocationReason reason) {
        RefreshFamily family = families.get(familyId);
        if (family != null && family.revocation().isEmpty()) {
            families.put(familyId, new RefreshFamily(family.familyId(), family.appId(), family.installId(),
                    family.userId(), family.generation(), family.currentHash(), family.previousHash(),
                    family.createdAt(), family.rotatedAt(), family.lastUsed(), family.absoluteExpiry(),
                    family.idleLifetime(), family.accessTokenLifetime(), Optional.of(reason)));
        }
    }

    private void runBeforeCommits() {
        for (Runnable change = beforeCommits.poll(); change != null; change = beforeCommits.poll()) {
            change.run();
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new ConcurrentChangeException("condition failed: " + what);
        }
    }

    private static String claim(String appId, String externalId) {
        return appId + "\u0000" + externalId;
    }

    private static String emailClaim(String appId, EmailAddress email) {
        return appId + "\u0000EMAIL\u0000" + email.value();
    }

    private static String identifierClaim(User user) {
        return user.email().map(email -> emailClaim(user.appId(), email))
                .orElseGet(() -> claim(user.appId(), user.externalId().orElseThrow()));
    }
}
