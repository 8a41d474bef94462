package io.userlink.storage.dynamodb;

import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.install.Install;
import io.userlink.install.InstallState;
import io.userlink.install.Platform;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item shape of an install: {@code INSTALL#<install id>} / {@code INSTALL}, and the same attributes
 * under its user ({@code USER#<user id>} / {@code INSTALL#<install id>}), so one query lists a user's
 * installs.
 */
final class InstallItems {

    private InstallItems() {}

    static Item toItem(Install install) {
        return toItem(Keys.install(install.installId()), install)
                .putInstant(Keys.EXPIRES_AT, install.expiresAt());
    }

    /** The copy of an install kept under its user. */
    static Item toUserItem(String userId, Install install) {
        return toItem(Keys.userInstall(userId, install.installId()), install);
    }

    static Install fromItem(Item item) {
        return new Install(item.string("install_id"), item.string("app_id"),
                Platform.valueOf(item.string("platform")), DeviceClass.valueOf(item.string("device_class")),
                item.string("sdk_version"), item.optionalString("device_model"), item.instant("created_at"),
                item.optionalInstant(Keys.EXPIRES_AT), InstallState.valueOf(item.string("state")),
                item.optionalString("user_id"), item.optionalString("inactive_reason").map(InactiveReason::valueOf),
                item.optionalInstant("linked_at"), item.optionalInstant("deactivated_at"),
                item.string("family_id"), item.number("version"));
    }

    private static Item toItem(Map<String, AttributeValue> key, Install install) {
        return Item.withKey(key)
                .put("install_id", install.installId())
                .put("app_id", install.appId())
                .put("platform", install.platform().name())
                .put("device_class", install.deviceClass().name())
                .put("sdk_version", install.sdkVersion())
                .put("device_model", install.deviceModel())
                .put("created_at", install.createdAt())
                .put("state", install.state().name())
                .put("user_id", install.userId())
                .put("inactive_reason", install.inactiveReason().map(Enum::name))
                .putInstant("linked_at", install.linkedAt())
                .putInstant("deactivated_at", install.deactivatedAt())
                .put("family_id", install.familyId())
                .put("version", install.version());
    }
}
