package io.userlink.refresh;

/** Why a refresh family was revoked; the token endpoint tells a deactivated install apart from the rest. */
public enum RevocationReason {
    /** A newer install of the user became active. */
    INSTALL_DEACTIVATED,
    /** The install was reset for another person. */
    INSTALL_RESET,
    /** The user signed out on this install, or everywhere, or changed its password on another install. */
    SIGNED_OUT,
    /** The install logged in again (a code redemption, a sign-in), which replaces its previous family. */
    REPLACED_BY_LOGIN,
    /** The user was deleted. */
    USER_DELETED,
    /** A token older than the current one was presented: the family is presumed stolen (RFC 9700 §4.14.2). */
    REUSE_DETECTED,
    /** The authentication code of this login was presented again (RFC 6749 §4.1.2). */
    CODE_REUSED
}
