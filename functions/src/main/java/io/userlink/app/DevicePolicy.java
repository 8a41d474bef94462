package io.userlink.app;

import java.util.Arrays;
import java.util.Optional;

/**
 * The rule an app chose for how many of a user's installs are active at once; {@code device.ActiveDevicePolicy}
 * applies it. Changing an app's rule affects later activations only.
 */
public enum DevicePolicy {
    /** One active install: the newest wins, except that an active phone is kept over an arriving tablet. */
    PHONE_PREFERRED("phone-preferred"),
    /** One active install: the newest wins, whatever its device class. */
    NEWEST_WINS("newest-wins"),
    /** Every linked install stays active: people who use a phone and a tablet at once. */
    MANY_ACTIVE("many-active");

    private final String value;

    DevicePolicy(String value) {
        this.value = value;
    }

    /** As operators write it and the API shows it, e.g. {@code phone-preferred}. */
    public String value() {
        return value;
    }

    public static Optional<DevicePolicy> fromValue(String value) {
        return Arrays.stream(values()).filter(policy -> policy.value.equals(value)).findFirst();
    }
}
