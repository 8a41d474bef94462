package io.userlink.refresh;

import java.util.Objects;

/** A family not yet stored, and its first token (handed to the client once, never stored). */
public record NewRefreshFamily(RefreshFamily family, String token) {
    public NewRefreshFamily {
        Objects.requireNonNull(family);
        Objects.requireNonNull(token);
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "NewRefreshFamily[" + family.familyId() + "]";
    }
}
