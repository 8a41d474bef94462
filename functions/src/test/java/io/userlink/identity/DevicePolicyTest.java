package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.app.App;
import io.userlink.app.AppSettings;
import io.userlink.app.DevicePolicy;
import io.userlink.identity.HistoryWindow;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import io.userlink.install.InstallState;
import io.userlink.support.MemoryUserlink;
import io.userlink.user.HistoryEntry;
import io.userlink.user.HistoryEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each app's device rule, applied by linking, and named in the history of what it decided. */
class DevicePolicyTest {

    private final MemoryUserlink userlink = new MemoryUserlink();

    @Test
    void phonePreferredThenATabletArrivingAfterThePhoneStaysInactive() {
        App app = app(DevicePolicy.PHONE_PREFERRED);
        String phone = link(app, DeviceClass.PHONE);
        String tablet = link(app, DeviceClass.TABLET);

        assertEquals(InstallState.ACTIVE, userlink.install(phone).state());
        assertEquals(InstallState.INACTIVE, userlink.install(tablet).state());
        assertEquals(Optional.of(InactiveReason.PHONE_PREFERRED), userlink.install(tablet).inactiveReason());
        assertEquals(List.of(decided(HistoryEvent.INACTIVE, DevicePolicy.PHONE_PREFERRED)), decisions(app, tablet));
    }

    @Test
    void newestWinsThenATabletReplacesThePhone() {
        App app = app(DevicePolicy.NEWEST_WINS);
        String phone = link(app, DeviceClass.PHONE);
        String tablet = link(app, DeviceClass.TABLET);

        assertEquals(InstallState.DEACTIVATED, userlink.install(phone).state());
        assertEquals(InstallState.ACTIVE, userlink.install(tablet).state());
        assertEquals(List.of(decided(HistoryEvent.ACTIVATED, DevicePolicy.NEWEST_WINS),
                decided(HistoryEvent.DEACTIVATED, DevicePolicy.NEWEST_WINS)), decisions(app, phone));
    }

    @Test
    void manyActiveThenEveryLinkedInstallStaysActiveWithItsTokens() {
        App app = app(DevicePolicy.MANY_ACTIVE);
        String phone = link(app, DeviceClass.PHONE);
        String tablet = link(app, DeviceClass.TABLET);
        String secondPhone = link(app, DeviceClass.PHONE);

        for (String installId : List.of(phone, tablet, secondPhone)) {
            assertEquals(InstallState.ACTIVE, userlink.install(installId).state(), installId);
            assertEquals(Optional.empty(), userlink.stores().families().find(userlink.install(installId).familyId())
                    .orElseThrow().revocation(), installId);
            assertEquals(List.of(decided(HistoryEvent.ACTIVATED, DevicePolicy.MANY_ACTIVE)), decisions(app, installId));
        }
    }

    @Test
    void manyActiveWhenAnotherInstallActivatedMeanwhileThenThisOneIsActiveToo() {
        App app = app(DevicePolicy.MANY_ACTIVE);
        link(app, DeviceClass.PHONE);
        String mine = register(app, DeviceClass.PHONE);
        String concurrent = register(app, DeviceClass.TABLET);
        userlink.stores().beforeNextCommit(() -> userlink.components().linkService().link(app, concurrent, "alice"));

        assertEquals(InstallState.ACTIVE, userlink.components().linkService().link(app, mine, "alice").state());
        assertEquals(InstallState.ACTIVE, userlink.install(concurrent).state());
    }

    @Test
    void ruleChangedThenOnlyLaterActivationsFollowIt() {
        App app = app(DevicePolicy.MANY_ACTIVE);
        String phone = link(app, DeviceClass.PHONE);
        String tablet = link(app, DeviceClass.TABLET);
        App changed = userlink.administration().updateSettings(app.appId(),
                settings -> settings.withDevicePolicy(DevicePolicy.PHONE_PREFERRED));

        String newPhone = link(changed, DeviceClass.PHONE);

        assertEquals(InstallState.ACTIVE, userlink.install(phone).state(), "activated under many-active, left as it was");
        assertEquals(InstallState.DEACTIVATED, userlink.install(tablet).state(), "the user's latest active install is replaced");
        assertEquals(InstallState.ACTIVE, userlink.install(newPhone).state());
        assertEquals(List.of(decided(HistoryEvent.ACTIVATED, DevicePolicy.PHONE_PREFERRED)), decisions(changed, newPhone));
    }

    private App app(DevicePolicy rule) {
        return userlink.app(AppSettings.defaults().withDevicePolicy(rule));
    }

    private String link(App app, DeviceClass deviceClass) {
        String installId = register(app, deviceClass);
        userlink.components().linkService().link(app, installId, "alice");
        return installId;
    }

    private String register(App app, DeviceClass deviceClass) {
        return userlink.register(app, deviceClass).install().installId();
    }

    /** The events of an install that a rule decided, and which rule. */
    private List<String> decisions(App app, String installId) {
        return userlink.components().userDirectory().byExternalId(app, "alice", HistoryWindow.NEWEST).history().stream()
                .filter(entry -> entry.installId().equals(installId) && entry.devicePolicy().isPresent())
                .map(DevicePolicyTest::describe).toList();
    }

    private static String describe(HistoryEntry entry) {
        return decided(entry.event(), entry.devicePolicy().orElseThrow());
    }

    private static String decided(HistoryEvent event, DevicePolicy rule) {
        return event + " by " + rule.value();
    }
}
