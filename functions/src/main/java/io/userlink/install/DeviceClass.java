package io.userlink.install;

/** The kind of device an install runs on; the one-active-device policy prefers phones over tablets. */
public enum DeviceClass {
    PHONE,
    TABLET
}
