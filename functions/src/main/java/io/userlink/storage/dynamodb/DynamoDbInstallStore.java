package io.userlink.storage.dynamodb;

import io.userlink.install.Install;
import io.userlink.install.InstallStore;
import io.userlink.refresh.RefreshFamily;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Installs in DynamoDB: item {@code INSTALL#<install id>} / {@code INSTALL}. */
public final class DynamoDbInstallStore implements InstallStore {

    private static final String NEW_ITEM = "attribute_not_exists(pk)";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbInstallStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
    }

    @Override
    public void create(Install install, RefreshFamily family) {
        try {
            DynamoDbErrors.translated(() -> dynamoDb.transactWriteItems(r -> r.transactItems(
                    newItem(InstallItems.toItem(install)), newItem(RefreshFamilyItems.toItem(family)))));
        } catch (TransactionCanceledException e) {
            throw new IllegalStateException("install " + install.installId() + " or family "
                    + family.familyId() + " exists already", e);
        }
    }


    private TransactWriteItem newItem(Item item) {
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item.attributes()).conditionExpression(NEW_ITEM).build())
                .build();
    }
}
