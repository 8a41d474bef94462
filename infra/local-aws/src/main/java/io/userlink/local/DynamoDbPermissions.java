package io.userlink.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The IAM permissions a DynamoDB call needs, per the DynamoDB documentation: the operation's own action
 * on the table (or on the index a query names), each table of a batch, and for a transaction the action
 * of each of its parts ({@code Put} needs {@code PutItem}, {@code ConditionCheck} needs
 * {@code ConditionCheckItem}...): a transaction has no permission of its own.
 */
final class DynamoDbPermissions {

    private static final Map<String, String> TRANSACTION_ACTIONS = Map.of(
            "Put", "PutItem", "Update", "UpdateItem", "Delete", "DeleteItem", "ConditionCheck", "ConditionCheckItem",
            "Get", "GetItem");

    private DynamoDbPermissions() {}

    static List<AwsGateway.Permission> of(String operation, JsonNode request) {
        List<AwsGateway.Permission> permissions = new ArrayList<>();
        switch (operation) {
            case "TransactWriteItems", "TransactGetItems" -> request.path("TransactItems").forEach(item ->
                    item.properties().forEach(part -> permissions.add(new AwsGateway.Permission(
                            "dynamodb:" + TRANSACTION_ACTIONS.getOrDefault(part.getKey(), part.getKey()),
                            table(part.getValue().path("TableName").asText())))));
            case "BatchWriteItem", "BatchGetItem" -> request.path("RequestItems").properties().forEach(entry ->
                    permissions.add(new AwsGateway.Permission("dynamodb:" + operation, table(entry.getKey()))));
            case "ListTables", "DescribeLimits", "DescribeEndpoints" ->
                    permissions.add(new AwsGateway.Permission("dynamodb:" + operation, "*"));
            default -> {
                String resource = table(request.path("TableName").asText());
                if (request.hasNonNull("IndexName")) {
                    resource += "/index/" + request.get("IndexName").asText();
                }
                permissions.add(new AwsGateway.Permission("dynamodb:" + operation, resource));
            }
        }
        return permissions;
    }

    /** A table named by name or by ARN, as its ARN. */
    private static String table(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn : LocalDeployment.tableArn(nameOrArn);
    }
}
