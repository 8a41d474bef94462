package io.userlink.install;

import java.util.Objects;
import java.util.Optional;

/** What the SDK reports when it registers an install. */
public record Registration(Platform platform, DeviceClass deviceClass, String sdkVersion, Optional<String> deviceModel) {
    public Registration {
        Objects.requireNonNull(platform);
        Objects.requireNonNull(deviceClass);
        Objects.requireNonNull(sdkVersion);
        Objects.requireNonNull(deviceModel);
    }
}
