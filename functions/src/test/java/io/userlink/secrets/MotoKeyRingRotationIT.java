package io.userlink.secrets;

import io.userlink.support.MotoServer;
import io.userlink.support.TestAws;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The rotation contract against moto's server, an AWS emulator written independently of our stand-ins. */
class MotoKeyRingRotationIT extends KeyRingRotationContract {

    private final PendingVersionStaging staging = new PendingVersionStaging();

    @Override
    protected SecretsManagerClient secretsManager() {
        return TestAws.secretsManager(MotoServer.endpoint(), MotoServer.ANY_KEY, staging);
    }

    @Override
    protected void stageForRotation(String secretId, String token) {
        staging.stage(secretId, token);
    }
}
