package io.userlink.secrets;

import io.userlink.local.iam.AccessKey;
import io.userlink.support.TestAws;
import java.util.Optional;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The rotation contract against LocalStack when a Docker engine is present; skipped without one. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackKeyRingRotationIT extends KeyRingRotationContract {

    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.14.0")).withServices("secretsmanager");

    private final PendingVersionStaging staging = new PendingVersionStaging();

    @Override
    protected SecretsManagerClient secretsManager() {
        return TestAws.secretsManager(LOCALSTACK.getEndpoint(), new AccessKey("test", "test", Optional.empty()), staging);
    }

    @Override
    protected void stageForRotation(String secretId, String token) {
        staging.stage(secretId, token);
    }
}
