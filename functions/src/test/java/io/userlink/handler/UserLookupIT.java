package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.userlink.support.FlowTest;
import io.userlink.support.TestApi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A customer backend reads a long history a window at a time: {@code history_limit} entries, the newest first as
 * windows go, and {@code history_before} to go further back. Every answer is checked against openapi.yaml.
 */
class UserLookupIT extends FlowTest {

    @Test
    void lookupWhenTheHistoryIsLongerThanTheLimitThenHistoryBeforeReadsTheRestBackToTheFirstEntry() {
        // given: four installs of one user, each link adding to its history
        String userId = null;
        for (int install = 0; install < 4; install++) {
            userId = api.link(app, api.register(app, "ios", "phone").string("install_id"), "long-history").string("id");
        }
        List<?> whole = history(api.lookup(app, userId));
        assertNull(api.lookup(app, userId).body().get("history_before"));

        // when
        List<Object> readBackwards = new ArrayList<>();
        Reply window = api.lookup(app, userId, Map.of("history_limit", "3"));
        int windows = 1;
        readBackwards.addAll(0, history(window));
        while (window.string("history_before") != null && windows <= whole.size()) {
            window = api.lookup(app, userId, Map.of("history_limit", "3", "history_before", window.string("history_before")));
            windows++;
            readBackwards.addAll(0, history(window));
        }

        // then
        assertEquals(whole, readBackwards);
        assertEquals((whole.size() + 2) / 3, windows);
        assertEquals(whole.subList(whole.size() - 2, whole.size()),
                history(api.lookupByExternalId(app, "long-history", Map.of("history_limit", "2"))));
    }

    @Test
    void lookupByEmailWhenTheLimitIsOneThenTheNewestEntryAndACursorToTheRest() {
        String registration = "{\"email\": \"ann@example.com\", \"password\": \"correct horse battery\"}";
        String userId = api.withToken("POST /v1/accounts", api.register(app, "ios", "phone").string("access_token"), null,
                registration).string("user_id");
        List<?> whole = history(api.lookup(app, userId));

        Reply newest = api.lookupByEmail(app, "ann@example.com", Map.of("history_limit", "1"));

        assertEquals(whole.subList(whole.size() - 1, whole.size()), history(newest));
        assertEquals(whole.subList(0, whole.size() - 1), history(api.lookupByEmail(app, "ann@example.com",
                Map.of("history_before", newest.string("history_before")))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "3.0", "x", "", "10000"})
    void lookupWhenTheLimitIsNoWholeNumberFrom1To1000Then400(String limit) {
        String userId = api.link(app, api.register(app, "ios", "phone").string("install_id"), "alice").string("id");

        Reply refused = api.lookup(app, userId, Map.of("history_limit", limit));

        assertEquals(400, refused.status());
        assertEquals("INVALID_FIELD", refused.string("code"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "1764487663123.12.1", "1764487663123.12.1.ins 1"})
    void lookupWhenHistoryBeforeIsNoCursorThen400(String cursor) {
        api.link(app, api.register(app, "ios", "phone").string("install_id"), "alice");

        Reply refused = api.lookupByExternalId(app, "alice", Map.of("history_before", cursor));

        assertEquals(400, refused.status());
        assertEquals("INVALID_FIELD", refused.string("code"));
    }

    @Test
    void lookupWhenTheLimitIs1000ThenItAnswersAsWithout() {
        String userId = api.link(app, api.register(app, "ios", "phone").string("install_id"), "alice").string("id");

        assertEquals(api.lookup(app, userId).body(), api.lookup(app, userId, Map.of("history_limit", "1000")).body());
    }

    @Test
    void lookupWhenTheUserWasDeletedThenACursorOfItsHistoryFindsNothing() {
        String userId = api.link(app, api.register(app, "ios", "phone").string("install_id"), "alice").string("id");
        api.link(app, api.register(app, "ios", "phone").string("install_id"), "alice");
        String cursor = api.lookup(app, userId, Map.of("history_limit", "1")).string("history_before");

        assertEquals(204, api.delete(app, userId).status());

        Reply gone = api.lookup(app, userId, Map.of("history_before", cursor));
        assertEquals(404, gone.status());
        assertEquals("USER_NOT_FOUND", gone.string("code"));
    }

    private static List<?> history(Reply reply) {
        assertEquals(200, reply.status(), reply.body().toString());
        return (List<?>) reply.body().get("history");
    }
}
