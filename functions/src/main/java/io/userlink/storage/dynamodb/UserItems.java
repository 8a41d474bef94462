package io.userlink.storage.dynamodb;

import io.userlink.app.DevicePolicy;
import io.userlink.identity.HistoryPosition;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.user.EmailAddress;
import io.userlink.user.HistoryEntry;
import io.userlink.user.HistoryEvent;
import io.userlink.user.User;
import java.time.Instant;

/** The item shapes under a user's partition: the user item ({@code USER}) and its history entries. */
final class UserItems {

    private UserItems() {}

    static Item toItem(User user) {
        return Item.withKey(Keys.user(user.userId()))
                .put("user_id", user.userId())
                .put("app_id", user.appId())
                .put("external_id", user.externalId())
                .put("email", user.email().map(EmailAddress::value))
                .put("created_at", user.createdAt())
                .put("active_install_id", user.activeInstallId())
                .put("active_device_class", user.activeDeviceClass().map(Enum::name))
                .put("active_family_id", user.activeFamilyId())
                .putInstant("deleted_at", user.deletedAt())
                .put("version", user.version());
    }

    static User fromItem(Item item) {
        return new User(item.string("user_id"), item.string("app_id"), item.optionalString("external_id"),
                item.optionalString("email").map(EmailAddress::new), item.instant("created_at"), item.optionalString("active_install_id"),
                item.optionalString("active_device_class").map(DeviceClass::valueOf),
                item.optionalString("active_family_id"), item.optionalInstant("deleted_at"), item.number("version"));
    }

    /** A history entry of a write that brought the user to {@code userVersion}, at {@code sequence} among its entries. */
    static Item historyItem(String userId, long userVersion, int sequence, HistoryEntry entry) {
        return Item.withKey(Keys.history(userId, HistoryPosition.of(entry, userVersion, sequence)))
                .put("at_ms", entry.at().toEpochMilli())
                .put("event", entry.event().name())
                .put("install_id", entry.installId())
                .put("reason", entry.reason().map(Enum::name))
                .put("device_policy", entry.devicePolicy().map(DevicePolicy::value));
    }

    static HistoryEntry historyFromItem(Item item) {
        return new HistoryEntry(Instant.ofEpochMilli(item.number("at_ms")), HistoryEvent.valueOf(item.string("event")),
                item.string("install_id"), item.optionalString("reason").map(InactiveReason::valueOf),
                item.optionalString("device_policy").flatMap(DevicePolicy::fromValue));
    }
}
