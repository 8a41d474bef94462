package io.userlink.storage.dynamodb;

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
    static final String INSTALL_ITEM = "INSTALL";
    static final String FAMILY_ITEM = "FAMILY";

    private Keys() {}

    static Map<String, AttributeValue> app(String appId) {
        return key("APP#" + appId, APP_ITEM);
    }

    static Map<String, AttributeValue> install(String installId) {
        return key("INSTALL#" + installId, INSTALL_ITEM);
    }

    static Map<String, AttributeValue> family(String familyId) {
        return key("FAMILY#" + familyId, FAMILY_ITEM);
    }

    private static Map<String, AttributeValue> key(String partition, String sort) {
        return Map.of(PK, AttributeValue.fromS(partition), SK, AttributeValue.fromS(sort));
    }
}
