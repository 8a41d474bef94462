package io.userlink.storage.dynamodb;

import io.userlink.app.App.AppSettings;
import io.userlink.app.App;
import io.userlink.app.AppStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The app registry in DynamoDB: item {@code APP#<app id>} / {@code APP}. */
public final class DynamoDbAppStore implements AppStore {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbAppStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.table = Objects.requireNonNull(table);
    }

    @Override
    public Optional<App> find(String appId) {
        // Eventually consistent: half the cost, and an app is created long before it is used.
        var response = DynamoDbErrors.translated(() -> dynamoDb.getItem(r -> r.tableName(table).key(Keys.app(appId))));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(fromItem(Item.of(response.item())))
                : Optional.empty();
    }

    @Override
    public void create(App app) {
        try {
            DynamoDbErrors.translated(() -> dynamoDb.putItem(r -> r.tableName(table)
                    .item(toItem(app).attributes())
                    .conditionExpression("attribute_not_exists(pk)")));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("app " + app.appId() + " exists already", e);
        }
    }

    @Override
    public boolean advanceCredentialsVersion(String appId, long expectedVersion) {
        try {
            DynamoDbErrors.translated(() -> dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Keys.app(appId))
                    .updateExpression("SET credentials_version = :next")
                    .conditionExpression("credentials_version = :expected")
                    .expressionAttributeValues(Map.of(
                            ":expected", AttributeValue.fromN(Long.toString(expectedVersion)),
                            ":next", AttributeValue.fromN(Long.toString(expectedVersion + 1))))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Item toItem(App app) {
        return Item.withKey(Keys.app(app.appId()))
                .put("app_id", app.appId())
                .put("name", app.name())
                .put("credentials_version", app.credentialsVersion())
                .put("access_token_lifetime_s", app.settings().accessTokenLifetime().toSeconds())
                .put("auth_code_lifetime_s", app.settings().authCodeLifetime().toSeconds())
                .put("refresh_idle_lifetime_s", app.settings().refreshIdleLifetime().toSeconds())
                .put("refresh_absolute_lifetime_s", app.settings().refreshAbsoluteLifetime().toSeconds())
                .put("sdk_config", app.settings().sdkConfig())
                .put("created_at", app.createdAt());
    }

    private static App fromItem(Item item) {
        return new App(item.string("app_id"), item.string("name"), item.number("credentials_version"),
                new AppSettings(Duration.ofSeconds(item.number("access_token_lifetime_s")),
                        Duration.ofSeconds(item.number("auth_code_lifetime_s")),
                        Duration.ofSeconds(item.number("refresh_idle_lifetime_s")),
                        Duration.ofSeconds(item.number("refresh_absolute_lifetime_s")),
                        item.string("sdk_config")),
                item.instant("created_at"));
    }
}
