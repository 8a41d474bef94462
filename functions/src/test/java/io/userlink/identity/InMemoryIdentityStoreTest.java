package io.userlink.identity;

import io.userlink.install.InstallStore;
import io.userlink.support.InMemoryStores;

/** The in-memory store the domain's unit tests run on, held to what the DynamoDB store does with a transition. */
class InMemoryIdentityStoreTest extends IdentityStoreContract {

    private final InMemoryStores stores = new InMemoryStores();

    @Override
    protected IdentityStore store() {
        return stores.identities();
    }

    @Override
    protected InstallStore installs() {
        return stores.installs();
    }
}
