package io.userlink.storage;

import io.userlink.support.MotoServer;
import io.userlink.support.TestUserlink;
import org.junit.jupiter.api.BeforeEach;

/**
 * The storage contract against moto's server, an AWS emulator written independently of our stand-ins. Each test has a
 * table of its own ({@link MotoServer#newTable}): the class took 41 s on one shared table, its tests writing hundreds
 * of items.
 */
class MotoStorageIT extends StorageContract {

    private TestUserlink userlink;

    @BeforeEach
    void setUp() {
        userlink = TestUserlink.on(MotoServer.endpoint(), MotoServer.ANY_KEY, MotoServer.newTable());
    }

    @Override
    protected TestUserlink userlink() {
        return userlink;
    }
}
