package io.userlink.storage;

import io.userlink.support.MotoServer;
import io.userlink.support.TestUserlink;
import org.junit.jupiter.api.BeforeEach;

/** The storage contract against moto's server, an AWS emulator written independently of our stand-ins. */
class MotoStorageIT extends StorageContract {

    private TestUserlink userlink;

    @BeforeEach
    void setUp() {
        userlink = TestUserlink.on(MotoServer.endpoint(), MotoServer.ANY_KEY, MotoServer.TABLE);
    }

    @Override
    protected TestUserlink userlink() {
        return userlink;
    }
}
