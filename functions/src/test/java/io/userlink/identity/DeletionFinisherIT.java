package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.App;
import io.userlink.install.DeviceClass;
import io.userlink.install.InstallState;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.local.LocalAws;
import io.userlink.refresh.RefreshFamilyStore;
import io.userlink.storage.dynamodb.DynamoDbIdentityStore;
import io.userlink.storage.dynamodb.DynamoDbRefreshFamilyStore;
import io.userlink.support.StoppingIdentityStore;
import io.userlink.support.TestUserlink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deletion finisher racing the request whose deletion it finishes, on DynamoDB Local. On AWS the table's stream
 * hands the finisher the deletion's record within about a second, so for a user with many installs it starts while
 * the request is still ending them: both read before each transaction, and a conflict sends the loser to read again.
 */
class DeletionFinisherIT {

    private static final String TABLE = LocalAws.TABLE_NAME;

    private final TestUserlink userlink = TestUserlink.local();

    @Test
    void finishWhenItStartsRightAfterTheTombstoneOfAUserOfManyInstallsThenBothEndAndEverythingIsEndedOnce() throws Exception {
        // given: three transactions' worth of installs (until this test, a deletion of more than two failed: 503)
        App app = userlink.components().apps().find(userlink.createApp().appId()).orElseThrow();
        List<String> installs = new ArrayList<>();
        String userId = null;
        for (int i = 0; i < UserDeletion.INSTALLS_PER_TRANSACTION * 2 + 1; i++) {
            String installId = userlink.components().installService().register(app,
                    new Registration(Platform.ANDROID, DeviceClass.TABLET, "3.1", Optional.empty())).install().installId();
            userId = userlink.components().linkService().link(app, installId, "gus").userId().orElseThrow();
            installs.add(installId);
        }
        String deleted = userId;
        DynamoDbIdentityStore store = new DynamoDbIdentityStore(userlink.dynamoDb(), TABLE, userlink.clock());
        CompletableFuture<Boolean> finisher = new CompletableFuture<>();
        UserDeletion request = new UserDeletion(new StoppingIdentityStore(store).afterNextCommit(
                () -> CompletableFuture.supplyAsync(() -> userlink.components().userDeletion().finish(deleted))
                        .whenComplete((finished, failure) -> {
                            if (failure == null) {
                                finisher.complete(finished);
                            } else {
                                finisher.completeExceptionally(failure);
                            }
                        })),
                new ConflictRetry(Duration.ofSeconds(5), Random::new), userlink.clock());

        // when
        request.delete(app, deleted);
        boolean finisherFoundWork = finisher.get(30, TimeUnit.SECONDS);

        // then
        assertTrue(finisherFoundWork, "the finisher started while installs were left");
        RefreshFamilyStore families = new DynamoDbRefreshFamilyStore(userlink.dynamoDb(), TABLE, userlink.clock());
        for (String installId : installs) {
            var install = store.findInstall(installId).orElseThrow();
            assertEquals(InstallState.DELETED, install.state(), installId);
            assertTrue(families.find(install.familyId()).map(family -> family.revocation().isPresent()).orElse(true), installId);
        }
        assertEquals(List.of("USER"), userlink.dynamoDb().query(r -> r.tableName(TABLE).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + deleted)))).items().stream()
                .map(item -> item.get("sk").s()).toList());
    }
}
