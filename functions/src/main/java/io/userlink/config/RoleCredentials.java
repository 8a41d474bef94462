package io.userlink.config;

import org.crac.Context;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;

/**
 * The execution role's credentials as Lambda serves them to a SnapStart function, at
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} (the SDK reads it and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} itself,
 * and fetches anew before they expire): one provider for all of a function's clients, so that one fetch serves them
 * all.
 *
 * <p>After a restore it forgets what it fetched before the snapshot, and the first call fetches this environment's
 * own. The credentials in a snapshot were issued to the environment that published the version, which Lambda may
 * restore days later and in many environments at once; the SDK would fetch anew anyway at the first call an hour or
 * more after the publish (at a moment it spreads at random up to their expiry), which is when most restores come. So
 * every restored environment fetches once, at its first call, and signs with credentials of its own; and the local
 * runtime and the benchmarks, whose restore follows the publish at once, see the fetch that a restore makes on Lambda.
 */
final class RoleCredentials implements AwsCredentialsProvider, Resource {

    private volatile ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build();

    RoleCredentials() {}

    /** The role's credentials, forgotten at each restore when a snapshot may follow this initialisation. */
    static RoleCredentials ofThisEnvironment() {
        return SnapStartResources.registerWhenSnapshotMayFollow(new RoleCredentials());
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return provider.resolveCredentials();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // Nothing to do: what the snapshot holds is forgotten after the restore.
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        ContainerCredentialsProvider fromTheSnapshot = provider;
        provider = ContainerCredentialsProvider.builder().build();
        fromTheSnapshot.close();
    }

    @Override
    public String toString() {
        return "RoleCredentials";
    }
}
