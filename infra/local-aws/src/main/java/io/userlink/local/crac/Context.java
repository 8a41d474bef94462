package io.userlink.local.crac;

/** A group of resources notified together, as {@code jdk.crac.Context} declares it. */
public abstract class Context<R extends Resource> implements Resource {

    protected Context() {}

    public abstract void register(R resource);
}
