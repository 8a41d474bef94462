package io.userlink.support;

import io.userlink.support.TestUserlink.TestApp;
import org.junit.jupiter.api.BeforeEach;

/** The base of tests that drive flows through the handlers: a Userlink over the stand-ins, its API, an app. */
public abstract class FlowTest {

    protected TestUserlink userlink;
    protected TestApi api;
    protected TestApp app;

    @BeforeEach
    void startUserlink() {
        userlink = TestUserlink.local();
        api = new TestApi(userlink);
        app = userlink.createApp();
    }
}
