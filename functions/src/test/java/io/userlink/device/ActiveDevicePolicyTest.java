package io.userlink.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.app.DevicePolicy;
import io.userlink.device.ActiveDevicePolicy.ActiveInstall;
import io.userlink.device.ActiveDevicePolicy.Activate;
import io.userlink.device.ActiveDevicePolicy.StayInactive;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The three device rules (README, "Identity rules"). */
class ActiveDevicePolicyTest {

    private static final Optional<ActiveInstall> PHONE = Optional.of(new ActiveInstall("ins-phone", DeviceClass.PHONE));
    private static final Optional<ActiveInstall> TABLET = Optional.of(new ActiveInstall("ins-tablet", DeviceClass.TABLET));

    private final ActiveDevicePolicy policy = new ActiveDevicePolicy();

    @Test
    void phonePreferredThenNewestWinsButAnActivePhoneIsKeptOverAnArrivingTablet() {
        DevicePolicy rule = DevicePolicy.PHONE_PREFERRED;

        assertEquals(new Activate(Optional.empty()), policy.decide(rule, Optional.empty(), DeviceClass.TABLET));
        assertEquals(new Activate(Optional.of("ins-phone")), policy.decide(rule, PHONE, DeviceClass.PHONE));
        assertEquals(new StayInactive(InactiveReason.PHONE_PREFERRED), policy.decide(rule, PHONE, DeviceClass.TABLET));
        assertEquals(new Activate(Optional.of("ins-tablet")), policy.decide(rule, TABLET, DeviceClass.PHONE));
        assertEquals(new Activate(Optional.of("ins-tablet")), policy.decide(rule, TABLET, DeviceClass.TABLET));
    }

    @Test
    void newestWinsThenTheArrivingInstallReplacesAnyActiveOne() {
        DevicePolicy rule = DevicePolicy.NEWEST_WINS;

        assertEquals(new Activate(Optional.empty()), policy.decide(rule, Optional.empty(), DeviceClass.PHONE));
        assertEquals(new Activate(Optional.of("ins-phone")), policy.decide(rule, PHONE, DeviceClass.TABLET));
        assertEquals(new Activate(Optional.of("ins-tablet")), policy.decide(rule, TABLET, DeviceClass.PHONE));
    }

    @Test
    void manyActiveThenEveryArrivingInstallIsActiveAndNoneIsReplaced() {
        DevicePolicy rule = DevicePolicy.MANY_ACTIVE;

        assertEquals(new Activate(Optional.empty()), policy.decide(rule, PHONE, DeviceClass.TABLET));
        assertEquals(new Activate(Optional.empty()), policy.decide(rule, TABLET, DeviceClass.PHONE));
        assertEquals(new Activate(Optional.empty()), policy.decide(rule, PHONE, DeviceClass.PHONE));
    }
}
