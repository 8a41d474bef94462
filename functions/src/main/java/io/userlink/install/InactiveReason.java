package io.userlink.install;

/** Why a linked install is not active. */
public enum InactiveReason {
    /** The user's active install is a phone and this one a tablet: the phone is kept. */
    PHONE_PREFERRED,
    /** A newer install of the user became active, which deactivated this one. */
    REPLACED_BY_NEWER_INSTALL,
    /** The user was deleted. */
    USER_DELETED
}
