package io.userlink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.userlink.support.TestUserlink;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SnapStartHooksIT {

    private final TestUserlink userlink = TestUserlink.local();
    private final SnapStartHooks hooks = new SnapStartHooks(userlink.components(), userlink.components().ids());

    @Test
    void beforeCheckpointThenPrimesWithReadsOnly() {
        userlink.dynamoDbCalls().reset();
        userlink.secretsManagerCalls().reset();

        hooks.beforeCheckpoint(null);

        assertEquals(1, userlink.dynamoDbCalls().count("GetItem"));
        assertEquals(1, userlink.dynamoDbCalls().total(), "no write before a snapshot");
        assertEquals(1, userlink.secretsManagerCalls().count("GetSecretValue"));
        assertEquals(1, userlink.secretsManagerCalls().total());
    }

    @Test
    void afterRestoreThenIdsComeFromAFreshRandomSource() {
        SecureRandom before = userlink.components().ids().random();

        hooks.afterRestore(null);

        assertNotSame(before, userlink.components().ids().random());
    }
}
