package io.userlink.storage.dynamodb;

import io.userlink.refresh.RefreshFamily;

/** The item shape of a refresh family: {@code FAMILY#<family id>} / {@code FAMILY}. */
final class RefreshFamilyItems {

    private RefreshFamilyItems() {}

    static Item toItem(RefreshFamily family) {
        return Item.withKey(Keys.family(family.familyId()))
                .put("family_id", family.familyId())
                .put("app_id", family.appId())
                .put("install_id", family.installId())
                .put("user_id", family.userId())
                .put("generation", family.generation())
                .put("current_hash", family.currentHash())
                .put("previous_hash", family.previousHash())
                .put("created_at", family.createdAt())
                .put("rotated_at", family.rotatedAt())
                .put("last_used", family.lastUsed())
                .put("absolute_expiry", family.absoluteExpiry())
                .put("revoked", family.revoked())
                // The TTL removes the item once nothing can use it; readers still check expiry themselves.
                .put(Keys.EXPIRES_AT, family.absoluteExpiry());
    }

    static RefreshFamily fromItem(Item item) {
        return new RefreshFamily(item.string("family_id"), item.string("app_id"), item.string("install_id"),
                item.optionalString("user_id"), item.number("generation"), item.string("current_hash"),
                item.optionalString("previous_hash"), item.instant("created_at"), item.instant("rotated_at"),
                item.instant("last_used"), item.instant("absolute_expiry"), item.bool("revoked"));
    }
}
