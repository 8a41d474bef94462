package io.userlink.device;

import io.userlink.app.DevicePolicy;
import io.userlink.install.DeviceClass;
import io.userlink.install.InactiveReason;
import java.util.Optional;

/**
 * Decides, under an app's {@link DevicePolicy}, what happens when an install joins a user: the one place
 * the rules live.
 */
public final class ActiveDevicePolicy {

    /** What happens when an install joins a user. */
    public sealed interface Decision permits Activate, StayInactive {}

    /** The arriving install becomes active; the current one, if named, is deactivated. */
    public record Activate(Optional<String> deactivated) implements Decision {}

    /** The current install stays active; the arriving one is linked but inactive. */
    public record StayInactive(InactiveReason reason) implements Decision {}

    /** The active install of a user, as the policy needs to see it. */
    public record ActiveInstall(String installId, DeviceClass deviceClass) {}

    /**
     * Decides between the user's active install (if any) and an arriving install of {@code arriving} class.
     */
    public Decision decide(DevicePolicy rule, Optional<ActiveInstall> current, DeviceClass arriving) {
        return switch (rule) {
            case PHONE_PREFERRED -> current.isPresent() && current.get().deviceClass() == DeviceClass.PHONE
                    && arriving == DeviceClass.TABLET
                    ? new StayInactive(InactiveReason.PHONE_PREFERRED)
                    : new Activate(current.map(ActiveInstall::installId));
            case NEWEST_WINS -> new Activate(current.map(ActiveInstall::installId));
            case MANY_ACTIVE -> new Activate(Optional.empty());
        };
    }
}
