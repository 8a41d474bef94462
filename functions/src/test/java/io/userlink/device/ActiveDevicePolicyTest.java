package io.userlink.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.device.ActiveDevicePolicy.Activate;
import io.userlink.device.ActiveDevicePolicy.ActiveInstall;
import io.userlink.device.ActiveDevicePolicy.StayInactive;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActiveDevicePolicyTest {

    private final ActiveDevicePolicy policy = new ActiveDevicePolicy();

    @Test
    void decideWhenNoActiveInstallThenArrivingActivates() {
        assertEquals(new Activate(Optional.empty()), policy.decide(Optional.empty(), DeviceClass.TABLET));
    }

    @Test
    void decideWhenPhoneActiveAndPhoneArrivesThenNewestWins() {
        assertEquals(new Activate(Optional.of("ins-old")),
                policy.decide(Optional.of(new ActiveInstall("ins-old", DeviceClass.PHONE)), DeviceClass.PHONE));
    }

    @Test
    void decideWhenPhoneActiveAndTabletArrivesThenTabletStaysInactive() {
        assertEquals(new StayInactive(InactiveReason.PHONE_PREFERRED),
                policy.decide(Optional.of(new ActiveInstall("ins-phone", DeviceClass.PHONE)), DeviceClass.TABLET));
    }

    @Test
    void decideWhenTabletActiveAndPhoneArrivesThenPhoneWins() {
        assertEquals(new Activate(Optional.of("ins-tablet")),
                policy.decide(Optional.of(new ActiveInstall("ins-tablet", DeviceClass.TABLET)), DeviceClass.PHONE));
    }

    @Test
    void decideWhenTabletActiveAndTabletArrivesThenNewestWins() {
        assertEquals(new Activate(Optional.of("ins-tablet")),
                policy.decide(Optional.of(new ActiveInstall("ins-tablet", DeviceClass.TABLET)), DeviceClass.TABLET));
    }
}
