package io.userlink.storage.dynamodb;

import io.userlink.refresh.RefreshFamily;
import io.userlink.refresh.RevocationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

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
                .put("idle_lifetime_s", family.idleLifetime().toSeconds())
                .put("access_token_lifetime_s", family.accessTokenLifetime().toSeconds())
                .put("revoked", family.revocation().isPresent())
                .put("revoked_reason", family.revocation().map(Enum::name))
                // The TTL removes the item once nothing can use it; readers still check expiry themselves.
                .put(Keys.EXPIRES_AT, family.expiresAt());
    }

    /** A family that no longer exists gets a bare revocation marker, which must not outlive a family's lifetime. */
    private static final Duration REVOCATION_MARKER_LIFETIME = Duration.ofDays(400);

    /**
     * The update that revokes a family. It carries no condition: revoking twice is harmless, and a family
     * already gone leaves only a marker that expires.
     */
    private static final String REVOCATION = "SET revoked = :true, revoked_reason = if_not_exists(revoked_reason, :reason), "
            + Keys.EXPIRES_AT + " = if_not_exists(" + Keys.EXPIRES_AT + ", :marker)";

    /** The revocation of a family on its own. */
    static UpdateItemRequest revocation(String table, String familyId, RevocationReason reason, Instant now) {
        return UpdateItemRequest.builder().tableName(table).key(Keys.family(familyId)).updateExpression(REVOCATION)
                .expressionAttributeValues(revocationValues(reason, now)).build();
    }

    /**
     * The revocation of a family as one action of a transaction. Built as such, not copied from {@link #revocation}:
     * a request model's first use costs a cold start its initialisation (some 30 lambdas for {@code UpdateItemRequest}).
     */
    static Update revocationInTransaction(String table, String familyId, RevocationReason reason, Instant now) {
        return Update.builder().tableName(table).key(Keys.family(familyId)).updateExpression(REVOCATION)
                .expressionAttributeValues(revocationValues(reason, now)).build();
    }

    private static Map<String, AttributeValue> revocationValues(RevocationReason reason, Instant now) {
        return Map.of(":true", AttributeValue.fromBool(true), ":reason", AttributeValue.fromS(reason.name()),
                ":marker", AttributeValue.fromN(Long.toString(now.plus(REVOCATION_MARKER_LIFETIME).getEpochSecond())));
    }

    static RefreshFamily fromItem(Item item) {
        return new RefreshFamily(item.string("family_id"), item.string("app_id"), item.string("install_id"),
                item.optionalString("user_id"), item.number("generation"), item.string("current_hash"),
                item.optionalString("previous_hash"), item.instant("created_at"), item.instant("rotated_at"),
                item.instant("last_used"), item.instant("absolute_expiry"),
                Duration.ofSeconds(item.number("idle_lifetime_s")), Duration.ofSeconds(item.number("access_token_lifetime_s")),
                item.bool("revoked")
                        ? Optional.of(item.optionalString("revoked_reason").map(RevocationReason::valueOf)
                                .orElse(RevocationReason.REUSE_DETECTED))
                        : Optional.empty());
    }
}
