package io.userlink.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * Which of a user's history entries a lookup reads: the newest {@code limit} of them, or the newest {@code limit}
 * before {@code before}. A history grows with every link, sign-in and reset for as long as the user exists, and a
 * lookup's answer has to fit in a Lambda response (6 MB); {@value #MAX_LIMIT} entries take about 150 KB.
 */
public record HistoryWindow(int limit, Optional<HistoryPosition> before) {

    public static final int MAX_LIMIT = 1000;
    /** The newest entries, as many as one lookup gives. */
    public static final HistoryWindow NEWEST = new HistoryWindow(MAX_LIMIT, Optional.empty());

    public HistoryWindow {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("a lookup reads 1 to " + MAX_LIMIT + " history entries, not " + limit);
        }
        Objects.requireNonNull(before);
    }
}
