package io.userlink.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The local AWS stand-ins together: DynamoDB Local with Userlink's table created from {@code template.yaml},
 * and the Secrets Manager endpoint. Both serve loopback; closing stops both.
 */
public final class LocalAws implements AutoCloseable {

    /** The table name the local runtime and tests use; the deployed stack names its own. */
    public static final String TABLE_NAME = "userlink";

    private final LocalDynamoDb dynamoDb;
    private final LocalSecretsManager secretsManager;

    private LocalAws(LocalDynamoDb dynamoDb, LocalSecretsManager secretsManager) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.secretsManager = Objects.requireNonNull(secretsManager);
    }

    /** Starts both stand-ins in memory and creates the table the template defines. */
    public static LocalAws start(Path templateFile) {
        return start(templateFile, null);
    }

    /**
     * Starts both stand-ins and creates the table the template defines (unless it exists).
     *
     * @param dataDirectory where tables and secrets persist across restarts; null keeps them in memory
     */
    public static LocalAws start(Path templateFile, Path dataDirectory) {
        SamTemplate template = SamTemplate.read(templateFile);
        LocalDynamoDb dynamoDb;
        Path secretsFile = null;
        if (dataDirectory == null) {
            dynamoDb = LocalDynamoDb.startInMemory();
        } else {
            try {
                Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create the data directory " + dataDirectory + ": " + e.getMessage(), e);
            }
            dynamoDb = LocalDynamoDb.startPersistent(dataDirectory, 0);
            secretsFile = dataDirectory.resolve("secrets.json");
        }
        try {
            dynamoDb.createTable(template, TABLE_NAME);
            return new LocalAws(dynamoDb, LocalSecretsManager.start(secretsFile));
        } catch (RuntimeException e) {
            dynamoDb.close();
            throw e;
        }
    }

    public LocalDynamoDb dynamoDb() {
        return dynamoDb;
    }

    public LocalSecretsManager secretsManager() {
        return secretsManager;
    }

    @Override
    public void close() {
        try {
            secretsManager.close();
        } finally {
            dynamoDb.close();
        }
    }
}
