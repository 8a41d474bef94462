package io.userlink.secrets;

import io.userlink.local.LocalDeployment;
import io.userlink.local.LocalSecretsManager;
import io.userlink.support.CallRecorder;
import io.userlink.support.TestAws;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The rotation contract against the local Secrets Manager (always runs). */
class LocalKeyRingRotationIT extends KeyRingRotationContract {

    private final SecretsManagerClient secretsManager =
            TestAws.secretsManager(TestAws.local().endpoint(), TestAws.harnessKey(), new CallRecorder());

    @Override
    protected SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    /** The local RotateSecret, with a rotation function that runs no step: the contract runs each step itself. */
    @Override
    protected void stageForRotation(String secretId, String token) {
        TestAws.local().secretsManager().onRotation(secretId,
                LocalSecretsManager.RotationFunction.runningNoStep(LocalDeployment.functionArn("ContractSteps")));
        secretsManager.rotateSecret(r -> r.secretId(secretId).clientRequestToken(token));
    }
}
