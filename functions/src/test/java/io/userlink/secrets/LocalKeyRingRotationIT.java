package io.userlink.secrets;

import io.userlink.support.CallRecorder;
import io.userlink.support.TestAws;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The rotation contract against the local Secrets Manager (always runs). */
class LocalKeyRingRotationIT extends KeyRingRotationContract {

    @Override
    protected SecretsManagerClient secretsManager() {
        return TestAws.secretsManager(TestAws.local().endpoint(), TestAws.harnessKey(), new CallRecorder());
    }
}
