package io.userlink.local.crac;

/** A participant in checkpoint and restore, as {@code jdk.crac.Resource} declares it. */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
