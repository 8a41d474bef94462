package io.userlink.refresh;

import java.util.Objects;

/** A redeemed refresh token: the family as it now is, and the refresh token to hand out. */
record Rotation(RefreshFamily family, String refreshToken) {
    public Rotation {
        Objects.requireNonNull(family);
        Objects.requireNonNull(refreshToken);
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "Rotation[" + family.familyId() + "#" + family.generation() + "]";
    }
}
