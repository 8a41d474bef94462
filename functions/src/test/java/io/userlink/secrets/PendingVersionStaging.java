package io.userlink.secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * Plays the one part of RotateSecret that an engine without Lambda cannot: staging the new version as AWSPENDING,
 * without a value, before the rotation function's first step. (Moto's RotateSecret without a function copies the
 * current value into the new version and makes it AWSCURRENT itself; LocalStack's invokes a real function.) Until the
 * engine holds a version of the staged token, DescribeSecret lists that token as AWSPENDING; every other answer, and
 * every answer once the first step has written the version, is the engine's own.
 */
final class PendingVersionStaging implements ExecutionInterceptor {

    private final Map<String, String> stagedTokens = new ConcurrentHashMap<>();

    void stage(String secretId, String token) {
        stagedTokens.put(secretId, token);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes executionAttributes) {
        if (context.request() instanceof DescribeSecretRequest request
                && context.response() instanceof DescribeSecretResponse described) {
            String token = stagedTokens.get(request.secretId());
            if (token != null && !described.versionIdsToStages().containsKey(token)) {
                Map<String, List<String>> stages = new LinkedHashMap<>(described.versionIdsToStages());
                stages.put(token, List.of(KeyRingRotation.PENDING));
                return described.toBuilder().versionIdsToStages(stages).build();
            }
        }
        return context.response();
    }
}
