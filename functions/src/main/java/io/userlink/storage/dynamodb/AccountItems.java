package io.userlink.storage.dynamodb;

import io.userlink.json.Json;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** How an account is stored: one item in its user's partition, its app's fields kept as JSON text. */
final class AccountItems {

    private AccountItems() {}

    static Item toItem(Account account) {
        return Item.withKey(Keys.account(account.userId()))
                .put("user_id", account.userId())
                .put("app_id", account.appId())
                .put("email", account.email().value())
                .put("password_hash", account.passwordHash())
                .put("email_confirmed", account.emailConfirmed())
                .put("activation_pending", account.activationPending())
                .put("attributes", Json.write(account.attributes()))
                .put("agreements", Json.write(account.agreements()))
                .put("verification_token_id", account.verificationTokenId())
                .put("reset_token_id", account.resetTokenId())
                .put("undo_token_id", account.undoTokenId())
                .put("created_at", account.createdAt())
                .put("updated_at", account.updatedAt())
                .put("version", account.version());
    }

    static Account fromItem(Item item) {
        Map<String, Boolean> agreements = new LinkedHashMap<>();
        Json.parseTrustedObject(item.string("agreements")).forEach((name, agreed) -> agreements.put(name, (Boolean) agreed));
        return new Account(item.string("user_id"), item.string("app_id"), new EmailAddress(item.string("email")),
                item.string("password_hash"), item.bool("email_confirmed"),
                item.bool("activation_pending"),
                Json.parseTrustedObject(item.string("attributes")), agreements,
                item.optionalString("verification_token_id"), item.optionalString("reset_token_id"),
                item.optionalString("undo_token_id"), item.instant("created_at"), item.instant("updated_at"),
                item.number("version"));
    }
}
