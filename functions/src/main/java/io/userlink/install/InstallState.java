package io.userlink.install;

/** Where an install stands with respect to users. */
public enum InstallState {
    /** Registered, not linked to a user; expires if never linked. */
    ANONYMOUS,
    /** Linked, and the user's one active install. */
    ACTIVE,
    /** Linked, but another install of the user is active (see the reason). */
    INACTIVE,
    /** Replaced by a newer install of its user: final, the SDK registers anew. */
    DEACTIVATED,
    /** Its user was deleted: final. */
    DELETED;
}
