package io.userlink.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.support.TestUserlink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Operators changing one app's settings at the same moment, against DynamoDB Local's conditional writes. */
class AppSettingsUpdateIT {

    @Test
    void updateSettingsWhenTwoOperatorsChangeDifferentSettingsAtOnceThenBothAreKept() throws Exception {
        TestUserlink userlink = TestUserlink.local();
        String appId = userlink.createApp().appId();
        ExecutorService operators = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 10; round++) {
                Duration lifetime = Duration.ofMinutes(round);
                String config = "{\"round\":" + round + "}";
                CountDownLatch start = new CountDownLatch(1);
                List<Future<App>> updates = List.of(
                        operators.submit(() -> update(userlink, appId, start, settings -> settings.withAccessTokenLifetime(lifetime))),
                        operators.submit(() -> update(userlink, appId, start, settings -> settings.withSdkConfig(config))));
                start.countDown();
                for (Future<App> update : updates) {
                    update.get();
                }

                AppSettings stored = userlink.components().apps().find(appId).orElseThrow().settings();
                assertEquals(lifetime, stored.accessTokenLifetime(), "round " + round);
                assertEquals(config, stored.sdkConfig(), "round " + round);
            }
        } finally {
            operators.shutdownNow();
        }
        assertEquals(20, userlink.components().apps().find(appId).orElseThrow().settingsVersion());
    }

    private static App update(TestUserlink userlink, String appId, CountDownLatch start, UnaryOperator<AppSettings> change)
            throws InterruptedException {
        start.await();
        return userlink.administration().updateSettings(appId, change);
    }
}
