package io.userlink.install;

/** The operating system of an install. */
public enum Platform {
    IOS,
    ANDROID
}
