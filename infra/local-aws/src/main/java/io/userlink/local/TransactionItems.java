package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.userlink.local.iam.AwsError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What DynamoDB refuses in a {@code TransactWriteItems} before it reads any condition: two actions on one item, a
 * {@code ValidationException}. DynamoDB Local checks that only once every condition held; when the second action's
 * condition fails on what the first would write, it cancels the transaction as a failed condition instead, which a
 * caller reads as a conflict and retries. The gateway refuses it first, as DynamoDB does.
 */
final class TransactionItems {

    static final String MULTIPLE_OPERATIONS = "Transaction request cannot include multiple operations on one item";

    private TransactionItems() {}

    /**
     * @param keyAttributes the names of a table's key attributes; none for a table the engine does not hold, whose
     *     actions the engine refuses itself
     * @throws AwsError a {@code ValidationException} when two actions name one item
     */
    static void requireDistinct(JsonNode request, Function<String, List<String>> keyAttributes) throws AwsError {
        Set<List<Object>> items = new HashSet<>();
        for (JsonNode action : request.path("TransactItems")) {
            for (Map.Entry<String, JsonNode> part : action.properties()) {
                String table = tableName(part.getValue().path("TableName").asText());
                List<String> names = keyAttributes.apply(table);
                JsonNode attributes = part.getValue().path("Put".equals(part.getKey()) ? "Item" : "Key");
                List<Object> item = new ArrayList<>();
                item.add(table);
                names.forEach(name -> item.add(attributes.path(name)));
                if (!names.isEmpty() && !items.add(item)) {
                    throw new AwsError(400, "ValidationException", MULTIPLE_OPERATIONS);
                }
            }
        }
    }

    /** A table named by name or by ARN, by name. */
    private static String tableName(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.indexOf(":table/") + ":table/".length())
                : nameOrArn;
    }
}
