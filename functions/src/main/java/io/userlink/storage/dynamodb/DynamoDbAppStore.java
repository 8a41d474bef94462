package io.userlink.storage.dynamodb;

import io.userlink.app.AccountMail;
import io.userlink.app.App;
import io.userlink.app.AppSettings;
import io.userlink.app.AppStore;
import io.userlink.app.DevicePolicy;
import io.userlink.app.MailTemplates;
import io.userlink.app.RegistrationMode;
import io.userlink.password.PasswordPolicy;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The app registry in DynamoDB: item {@code APP#<app id>} / {@code APP}, and an entry {@code APPS} /
 * {@code APP#<app id>} per app, so operators can list apps with a query rather than a scan.
 */
public final class DynamoDbAppStore implements AppStore {

    private static final String NEW_ITEM = "attribute_not_exists(pk)";

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
    public List<App> list() {
        return DynamoDbErrors.translated(() -> dynamoDb.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.APPS_PARTITION))))
                .items().stream()
                .map(entry -> Item.of(entry).string("app_id"))
                .map(this::find)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(App::createdAt))
                .toList());
    }

    @Override
    public void create(App app) {
        try {
            DynamoDbErrors.translated(() -> dynamoDb.transactWriteItems(r -> r.transactItems(
                    newItem(toItem(app)),
                    newItem(Item.withKey(Keys.appListing(app.appId())).put("app_id", app.appId())))));
        } catch (TransactionCanceledException e) {
            throw new IllegalStateException("app " + app.appId() + " exists already", e);
        }
    }

    @Override
    public boolean advanceCredentialsVersion(String appId, long expectedVersion) {
        return conditionalUpdate(appId, "SET credentials_version = :next", "credentials_version = :expected",
                Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion)),
                        ":next", AttributeValue.fromN(Long.toString(expectedVersion + 1))));
    }

    @Override
    public boolean replaceSettings(App updated) {
        AppSettings settings = updated.settings();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":access", seconds(settings.accessTokenLifetime()),
                ":code", seconds(settings.authCodeLifetime()),
                ":idle", seconds(settings.refreshIdleLifetime()),
                ":absolute", seconds(settings.refreshAbsoluteLifetime()),
                ":sdk", AttributeValue.fromS(settings.sdkConfig()),
                ":policy", AttributeValue.fromS(settings.devicePolicy().value()),
                ":password_policy", AttributeValue.fromS(settings.passwordPolicy().name()),
                ":password_min", AttributeValue.fromN(Integer.toString(settings.passwordMinLength())),
                ":next", AttributeValue.fromN(Long.toString(updated.settingsVersion()))));
        AccountMail mail = settings.accountMail();
        values.put(":registration", AttributeValue.fromS(mail.registrationMode().name()));
        values.put(":confirmation_link", AttributeValue.fromS(mail.confirmationLink()));
        values.put(":reset_link", AttributeValue.fromS(mail.passwordResetLink()));
        values.put(":templates", AttributeValue.fromS(mail.templates().json()));
        long expected = updated.settingsVersion() - 1;
        values.put(":expected", AttributeValue.fromN(Long.toString(expected)));
        // Apps made before settings had a version have none: version 0.
        String condition = "attribute_exists(pk) AND (settings_version = :expected"
                + (expected == 0 ? " OR attribute_not_exists(settings_version))" : ")");
        return conditionalUpdate(updated.appId(), "SET access_token_lifetime_s = :access, auth_code_lifetime_s = :code,"
                + " refresh_idle_lifetime_s = :idle, refresh_absolute_lifetime_s = :absolute, sdk_config = :sdk,"
                + " device_policy = :policy, password_policy = :password_policy, password_min_length = :password_min,"
                + " registration_mode = :registration, confirmation_link = :confirmation_link,"
                + " password_reset_link = :reset_link, mail_templates = :templates, settings_version = :next",
                condition, values);
    }

    private boolean conditionalUpdate(String appId, String update, String condition, Map<String, AttributeValue> values) {
        try {
            DynamoDbErrors.translated(() -> dynamoDb.updateItem(r -> r.tableName(table).key(Keys.app(appId))
                    .updateExpression(update).conditionExpression(condition).expressionAttributeValues(values)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private TransactWriteItem newItem(Item item) {
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item.attributes()).conditionExpression(NEW_ITEM).build())
                .build();
    }

    private static AttributeValue seconds(Duration duration) {
        return AttributeValue.fromN(Long.toString(duration.toSeconds()));
    }

    private static Item toItem(App app) {
        return Item.withKey(Keys.app(app.appId()))
                .put("app_id", app.appId())
                .put("name", app.name())
                .put("credentials_version", app.credentialsVersion())
                .put("settings_version", app.settingsVersion())
                .put("access_token_lifetime_s", app.settings().accessTokenLifetime().toSeconds())
                .put("auth_code_lifetime_s", app.settings().authCodeLifetime().toSeconds())
                .put("refresh_idle_lifetime_s", app.settings().refreshIdleLifetime().toSeconds())
                .put("refresh_absolute_lifetime_s", app.settings().refreshAbsoluteLifetime().toSeconds())
                .put("sdk_config", app.settings().sdkConfig())
                .put("device_policy", app.settings().devicePolicy().value())
                .put("password_policy", app.settings().passwordPolicy().name())
                .put("password_min_length", app.settings().passwordMinLength())
                .put("registration_mode", app.settings().accountMail().registrationMode().name())
                .put("confirmation_link", app.settings().accountMail().confirmationLink())
                .put("password_reset_link", app.settings().accountMail().passwordResetLink())
                .put("mail_templates", app.settings().accountMail().templates().json())
                .put("created_at", app.createdAt());
    }

    private static App fromItem(Item item) {
        return new App(item.string("app_id"), item.string("name"), item.number("credentials_version"),
                item.optionalNumber("settings_version").orElse(0L),
                new AppSettings(Duration.ofSeconds(item.number("access_token_lifetime_s")),
                        Duration.ofSeconds(item.number("auth_code_lifetime_s")),
                        Duration.ofSeconds(item.number("refresh_idle_lifetime_s")),
                        Duration.ofSeconds(item.number("refresh_absolute_lifetime_s")),
                        item.string("sdk_config"),
                        item.optionalString("device_policy").flatMap(DevicePolicy::fromValue)
                                .orElse(DevicePolicy.PHONE_PREFERRED),
                        // Apps made before accounts existed have the defaults.
                        item.optionalString("password_policy").map(PasswordPolicy::valueOf).orElse(PasswordPolicy.STANDARD),
                        item.optionalNumber("password_min_length").map(Long::intValue)
                                .orElse(AppSettings.MIN_PASSWORD_MIN_LENGTH),
                        // Apps made before account mail existed register automatically.
                        new AccountMail(item.optionalString("registration_mode").map(RegistrationMode::valueOf)
                                .orElse(RegistrationMode.AUTOMATIC),
                                item.optionalString("confirmation_link").orElse(""),
                                item.optionalString("password_reset_link").orElse(""),
                                new MailTemplates(item.optionalString("mail_templates").orElse("{}")))),
                item.instant("created_at"));
    }
}
