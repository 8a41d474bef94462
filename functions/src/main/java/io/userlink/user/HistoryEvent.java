package io.userlink.user;

/** What happened to a user's installs, as the lookup's history lists it. */
public enum HistoryEvent {
    /** The user was created, on this install. */
    CREATED,
    /**
     * The user's account was registered on this install, which stayed as it was: the app's registration mode mails
     * the address first, and the install joins when it signs in.
     */
    REGISTERED,
    /** A customer backend linked the install to the user (legacy linking). */
    LINKED,
    /** The user was restored on the install with an authentication code. */
    RESTORED,
    /** The user signed in to its account on the install. */
    SIGNED_IN,
    /** The install became the user's active install. */
    ACTIVATED,
    /** The install was linked but stays inactive (reason given). */
    INACTIVE,
    /** The install was deactivated (reason given). */
    DEACTIVATED,
    /** The user was detached from the install (multi-user device). */
    RESET,
    /** The user signed out on the install, or everywhere; its session there ended. */
    SIGNED_OUT
}
