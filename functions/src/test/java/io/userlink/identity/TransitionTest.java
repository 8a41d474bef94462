package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.identity.Transition.InstallCopy;
import io.userlink.install.DeviceClass;
import io.userlink.install.Install;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.user.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which copies of its installs a transition keeps under users: the listing of a user's installs that every
 * store writes from {@link Transition#installCopies()}, so that a read of a user finds exactly the installs
 * still its own.
 */
class TransitionTest {

    private static final Instant NOW = Instant.parse("2026-12-06T04:00:00Z");

    private final User alice = User.created("alice-id", "app", "alice", NOW);

    @Test
    void underTheUserWrittenAnInstallStillItsOwnIsListedAndOneThatLeftItIsRemoved() {
        Install linked = linked("linked");
        Install movedToBob = registered("moved").linked("bob-id", Optional.empty(), "family", NOW);
        Install reset = linked("reset").reset("family-2", NOW.plusSeconds(3600));
        Install ended = linked("ended").userDeleted(NOW);

        Transition transition = Transition.of(new UserWrite.Check(alice)).install(linked).install(movedToBob)
                .install(reset).install(ended).build();

        assertEquals(List.of(new InstallCopy("alice-id", linked, true), new InstallCopy("alice-id", movedToBob, false),
                new InstallCopy("alice-id", reset, false), new InstallCopy("alice-id", ended, false)),
                transition.installCopies());
    }

    @Test
    void withoutAUserAnInstallEndedForGoodLeavesItsUsersPartitionAndAnyOtherIsLeftAsListed() {
        Install ended = linked("ended").userDeleted(NOW);
        Install stillLinked = linked("still");
        Install anonymous = registered("anonymous");

        Transition transition = Transition.withoutUser().install(ended).install(stillLinked).install(anonymous).build();

        assertEquals(List.of(new InstallCopy("alice-id", ended, false)), transition.installCopies());
    }

    private static Install linked(String installId) {
        return registered(installId).linked("alice-id", Optional.empty(), "family", NOW);
    }

    private static Install registered(String installId) {
        return Install.registered(installId, "app", new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0",
                Optional.empty()), NOW, NOW.plusSeconds(86_400), "family");
    }
}
