package io.userlink.device;

import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import java.util.Optional;

/**
 * The one-active-device rule, in one place so it can become a per-app setting: the newest install wins,
 * except that a phone stays active when a tablet arrives.
 */
public final class ActiveDevicePolicy {

    /** What happens when an install joins a user. */
    public sealed interface Decision permits Activate, StayInactive {}

    /** The arriving install becomes active; the current one (if any) is deactivated. */
    public record Activate(Optional<String> deactivated) implements Decision {}

    /** The current install stays active; the arriving one is linked but inactive. */
    public record StayInactive(InactiveReason reason) implements Decision {}

    /** The active install of a user, as the policy needs to see it. */
    public record ActiveInstall(String installId, DeviceClass deviceClass) {}

    /**
     * Decides between the user's active install (if any) and an arriving install of {@code arriving} class.
     */
    public Decision decide(Optional<ActiveInstall> current, DeviceClass arriving) {
        if (current.isPresent() && current.get().deviceClass() == DeviceClass.PHONE && arriving == DeviceClass.TABLET) {
            return new StayInactive(InactiveReason.PHONE_PREFERRED);
        }
        return new Activate(current.map(ActiveInstall::installId));
    }
}
