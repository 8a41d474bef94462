package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.support.FlowTest;
import io.userlink.support.Race;
import io.userlink.support.TestApi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Exactly-once under races, with real threads against DynamoDB Local (checklist items 3 and 4). */
class RacesIT extends FlowTest {

    private static final int RACERS = 50;


    @Test
    void linkWhenFiftyInstallsLinkOneNewExternalIdAtOnceThenOneUserAndEveryCallerGetsIt() throws Exception {
        List<String> installs = installs(RACERS, "phone");

        List<Reply> replies = race(i -> () -> api.link(app, installs.get(i), "race-user"));

        assertEquals(Set.of(200), replies.stream().map(Reply::status).collect(Collectors.toSet()), statuses(replies));
        Set<String> userIds = replies.stream().map(reply -> reply.string("id")).collect(Collectors.toSet());
        assertEquals(1, userIds.size(), "one user: " + userIds);
        Map<String, Object> user = api.lookupByExternalId(app, "race-user").body();
        assertEquals(userIds.iterator().next(), user.get("user_id"));
        Map<String, String> activity = LinkingIT.activity(user);
        assertEquals(RACERS, activity.size());
        assertEquals(1, activity.values().stream().filter("active"::equals).count(), "exactly one active: " + activity);
    }

    @Test
    void createUserWhenFiftyInstallsRedeemOneCodeAtOnceThenExactlyOneSucceeds() throws Exception {
        List<Reply> registered = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            registered.add(api.register(app, "android", "phone"));
        }
        String code = api.issueCode(app, "contested").string("authentication_code");

        List<Reply> replies = race(i -> () -> api.createUser(registered.get(i).string("access_token"), code));

        long succeeded = replies.stream().filter(reply -> reply.status() == 201 || reply.status() == 200).count();
        assertEquals(1, succeeded, statuses(replies));
        assertEquals(RACERS - 1, replies.stream().filter(reply -> reply.status() == 400).count(), statuses(replies));
    }

    @Test
    void activationWhenTwoInstallsOfOneUserActivateAtOnceThenExactlyOneIsActive() throws Exception {
        for (int round = 0; round < 10; round++) {
            String externalId = "pair-" + round;
            api.link(app, api.register(app, "ios", "phone").string("install_id"), externalId);
            List<Reply> phones = List.of(api.register(app, "ios", "phone"), api.register(app, "android", "phone"));
            List<String> codes = List.of(api.issueCode(app, externalId).string("authentication_code"),
                    api.issueCode(app, externalId).string("authentication_code"));

            List<Reply> replies = Race.atOnce(2, i -> () -> api.createUser(phones.get(i).string("access_token"), codes.get(i)));

            assertEquals(Set.of(200), replies.stream().map(Reply::status).collect(Collectors.toSet()), statuses(replies));
            Map<String, String> activity = LinkingIT.activity(api.lookupByExternalId(app, externalId).body());
            assertEquals(1, activity.values().stream().filter("active"::equals).count(), activity.toString());
            assertEquals(2, activity.values().stream().filter("REPLACED_BY_NEWER_INSTALL"::equals).count(), activity.toString());
        }
    }

    private List<String> installs(int count, String deviceClass) {
        List<String> installs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            installs.add(api.register(app, "android", deviceClass).string("install_id"));
        }
        return installs;
    }

    private static List<Reply> race(IntFunction<Callable<Reply>> racer) throws Exception {
        return Race.atOnce(RACERS, racer);
    }

    private static String statuses(List<Reply> replies) {
        return replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting())).toString();
    }
}
