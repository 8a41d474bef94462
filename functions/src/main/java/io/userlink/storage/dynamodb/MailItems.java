package io.userlink.storage.dynamodb;

import io.userlink.app.MailKind;
import io.userlink.mail.MailToken;
import io.userlink.mail.MailTokenPurpose;
import io.userlink.mail.OutboxMail;
import io.userlink.user.EmailAddress;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * How mailed tokens and outbox mails are stored, and the transaction actions that write them: a token only where
 * none of its id is, a mail only where none of its id is (so a second request within the interval writes nothing),
 * a used token deleted only if it is still there.
 */
final class MailItems {

    /** How long a mail stays in the outbox, sent or not: past any retry of its stream record. */
    static final Duration OUTBOX_RETENTION = Duration.ofDays(7);

    private MailItems() {}

    static Item toItem(MailToken token) {
        return Item.withKey(Keys.mailToken(token.tokenId()))
                .put("token_id", token.tokenId())
                .put("app_id", token.appId())
                .put("user_id", token.userId())
                .put("purpose", token.purpose().name())
                .put("secret_hash", token.secretHash())
                .put("new_address", token.newAddress().map(EmailAddress::value))
                .put(Keys.EXPIRES_AT, token.expiresAt());
    }

    static MailToken token(Item item) {
        return new MailToken(item.string("token_id"), item.string("app_id"), item.string("user_id"),
                MailTokenPurpose.valueOf(item.string("purpose")), item.string("secret_hash"), item.instant(Keys.EXPIRES_AT),
                item.optionalString("new_address").map(EmailAddress::new));
    }

    static Item toItem(OutboxMail mail) {
        return Item.withKey(Keys.outbox(mail.outboxId()))
                .put("outbox_id", mail.outboxId())
                .put("kind", mail.kind().value())
                .put("app_id", mail.appId())
                .put("user_id", mail.userId())
                .put("to", mail.to().value())
                .put("token_id", mail.tokenId())
                .put("created_at", mail.createdAt())
                .put(Keys.EXPIRES_AT, mail.createdAt().plus(OUTBOX_RETENTION));
    }

    static OutboxMail mail(Item item) {
        return new OutboxMail(item.string("outbox_id"), MailKind.fromValue(item.string("kind")).orElseThrow(),
                item.string("app_id"), item.string("user_id"), new EmailAddress(item.string("to")),
                item.optionalString("token_id"), item.instant("created_at"));
    }

    static TransactWriteItem newToken(String table, MailToken token) {
        return newItem(table, toItem(token));
    }

    /**
     * The mail, and its place in the list of unsent ones ({@link Keys#listedMail}), which lives as long as the mail
     * unless marking the mail removes it first.
     */
    static List<TransactWriteItem> newMail(String table, OutboxMail mail) {
        return List.of(newItem(table, toItem(mail)), TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Item.withKey(Keys.listedMail(mail.outboxId()))
                        .put(Keys.EXPIRES_AT, mail.createdAt().plus(OUTBOX_RETENTION)).attributes())
                .build()).build());
    }

    /** Takes the mail off the list of unsent ones: done with, sent or not. */
    static TransactWriteItem unlisted(String table, String outboxId) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(Keys.listedMail(outboxId))
                .build()).build();
    }

    static TransactWriteItem usedToken(String table, String tokenId) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(Keys.mailToken(tokenId))
                .conditionExpression("attribute_exists(pk)").build()).build();
    }

    private static TransactWriteItem newItem(String table, Item item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item.attributes())
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }
}
