package io.userlink.storage.dynamodb;

import io.userlink.credential.Sha256;
import io.userlink.identity.HistoryPosition;
import io.userlink.user.EmailAddress;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shapes of partition and sort keys in Userlink's single table. Every entity is reached by its key;
 * there are no scans and no index on low-cardinality attributes.
 */
final class Keys {

    static final String PK = "pk";
    static final String SK = "sk";
    /** DynamoDB TTL attribute (epoch seconds). TTL deletion is lazy: readers check expiry themselves. */
    static final String EXPIRES_AT = "expires_at";

    static final String APP_ITEM = "APP";
    static final String APPS_PARTITION = "APPS";
    static final String INSTALL_ITEM = "INSTALL";
    static final String FAMILY_ITEM = "FAMILY";
    static final String USER_ITEM = "USER";
    static final String EXTERNAL_ID_ITEM = "EXT";
    static final String CODE_ITEM = "CODE";
    static final String EMAIL_ITEM = "EMAIL";
    static final String ACCOUNT_ITEM = "ACCOUNT";
    static final String LOGIN_ATTEMPTS_ITEM = "LOGIN_ATTEMPTS";
    static final String MAIL_TOKEN_ITEM = "MAIL_TOKEN";
    static final String OUTBOX_ITEM = "OUTBOX";
    static final String DELETION_ITEM = "DELETION";
    /** The partition prefix of outbox items: the mail sender's event source filters the stream on it. */
    static final String OUTBOX_PARTITION = "OUTBOX#";
    static final String USER_PARTITION = "USER#";
    /**
     * The partitions that list the deletions not yet finished, an item each (its sort key the user id), so the person
     * on call finds them with a query per partition rather than a scan of the table.
     */
    static final String DELETIONS_PARTITION = "DELETIONS#";
    /** A bulk deletion writes and removes list items faster than one partition would take them. */
    static final int DELETION_LIST_PARTITIONS = 8;
    /**
     * The partitions that list the mails not yet marked sent or dropped, an item each (its sort key the outbox id), so
     * the person on call finds them with a query per partition rather than a scan of the table.
     */
    static final String UNSENT_PARTITION = "UNSENT#";
    /** A burst of mail writes and removes list items faster than one partition would take them. */
    static final int UNSENT_LIST_PARTITIONS = 8;
    static final String USER_INSTALL_PREFIX = "INSTALL#";
    static final String HISTORY_PREFIX = "HISTORY#";

    private Keys() {}

    static Map<String, AttributeValue> app(String appId) {
        return key("APP#" + appId, APP_ITEM);
    }

    /** An app's entry in the list of apps, one partition the admin CLI queries. */
    static Map<String, AttributeValue> appListing(String appId) {
        return key(APPS_PARTITION, "APP#" + appId);
    }

    static Map<String, AttributeValue> install(String installId) {
        return key("INSTALL#" + installId, INSTALL_ITEM);
    }

    static Map<String, AttributeValue> family(String familyId) {
        return key("FAMILY#" + familyId, FAMILY_ITEM);
    }

    static Map<String, AttributeValue> user(String userId) {
        return key(USER_PARTITION + userId, USER_ITEM);
    }

    /** The record that a user's deletion began, beside its tombstone: the table's stream announces its creation. */
    static Map<String, AttributeValue> deletion(String userId) {
        return key(USER_PARTITION + userId, DELETION_ITEM);
    }

    /** The deletion of {@code userId} in the list of unfinished ones. */
    static Map<String, AttributeValue> listedDeletion(String userId) {
        return listed(DELETIONS_PARTITION, DELETION_LIST_PARTITIONS, userId);
    }

    static Map<String, AttributeValue> userInstall(String userId, String installId) {
        return key(USER_PARTITION + userId, USER_INSTALL_PREFIX + installId);
    }

    /**
     * A history entry, sorted by time, then by the user version its write saw, then by its place in that
     * write; the install id keeps entries unique when writes that leave the user's version alone happen beside
     * one that raises it. In order even when a clock shows the same millisecond twice.
     */
    static Map<String, AttributeValue> history(String userId, HistoryPosition position) {
        return key(USER_PARTITION + userId, historySortKey(position));
    }

    static String historySortKey(HistoryPosition position) {
        return HISTORY_PREFIX + zeroPadded(position.epochMilli(), 13) + "#" + zeroPadded(position.userVersion(), 19)
                + "#" + zeroPadded(position.sequence(), 3) + "#" + position.installId();
    }

    /** The position a history entry's sort key (from {@link #historySortKey}) holds. */
    static HistoryPosition historyPosition(String sortKey) {
        String[] parts = sortKey.substring(HISTORY_PREFIX.length()).split("#", 4);
        return new HistoryPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]), parts[3]);
    }

    /** Fixed-width digits, so entries sort as text in numeric order. (String.format costs more on every write.) */
    private static String zeroPadded(long value, int width) {
        String digits = Long.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    /**
     * The claim of an external id within an app. The key holds a hash of the external id, so the id (often
     * an email address) appears in no key, log or metric.
     */
    static Map<String, AttributeValue> externalId(String appId, String externalId) {
        return key("APP#" + appId + "#EXT#" + Sha256.hex(externalId), EXTERNAL_ID_ITEM);
    }

    /** The claim of an account's email within an app; hashed like an external id. */
    static Map<String, AttributeValue> email(String appId, EmailAddress email) {
        return key("APP#" + appId + "#EMAIL#" + Sha256.hex(email.value()), EMAIL_ITEM);
    }

    /** A user's account, in the user's partition: deletion's purge removes it with the rest. */
    static Map<String, AttributeValue> account(String userId) {
        return key(USER_PARTITION + userId, ACCOUNT_ITEM);
    }

    /** The failed logins counted for an email within an app, whether or not an account has it. */
    static Map<String, AttributeValue> loginAttempts(String appId, EmailAddress email) {
        return key("APP#" + appId + "#LOGIN#" + Sha256.hex(email.value()), LOGIN_ATTEMPTS_ITEM);
    }

    /** A mailed token, by its public id (the token's secret is in no key and no item). */
    static Map<String, AttributeValue> mailToken(String tokenId) {
        return key("MAILTOKEN#" + tokenId, MAIL_TOKEN_ITEM);
    }

    /** A mail waiting to be sent. */
    static Map<String, AttributeValue> outbox(String outboxId) {
        return key(OUTBOX_PARTITION + outboxId, OUTBOX_ITEM);
    }

    /** The mail of {@code outboxId} in the list of unsent ones. */
    static Map<String, AttributeValue> listedMail(String outboxId) {
        return listed(UNSENT_PARTITION, UNSENT_LIST_PARTITIONS, outboxId);
    }

    /** An entry of a list kept over {@code partitions} partitions, {@code <prefix><n>}, its sort key {@code id}. */
    private static Map<String, AttributeValue> listed(String prefix, int partitions, String id) {
        // String.hashCode is specified, so every version of every function files an id under the same partition.
        return key(prefix + Math.floorMod(id.hashCode(), partitions), id);
    }

    static Map<String, AttributeValue> code(String codeHash) {
        return key("CODE#" + codeHash, CODE_ITEM);
    }

    private static Map<String, AttributeValue> key(String partition, String sort) {
        return Map.of(PK, AttributeValue.fromS(partition), SK, AttributeValue.fromS(sort));
    }
}
