package io.userlink.identity;

import io.userlink.user.HistoryEntry;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an entry stands in its user's history: histories are kept in order of time, then of the user version the
 * entry's write brought, then of its place among that write's entries, then of install id (two writes that leave the
 * version alone can happen in one millisecond beside one that raises it).
 *
 * <p>A lookup that leaves a user's older entries out names the oldest entry it gives as a cursor ({@link #cursor()}),
 * and a later lookup reads the entries before it ({@link #fromCursor}).
 *
 * @param epochMilli the entry's time, to the millisecond as it is kept
 */
public record HistoryPosition(long epochMilli, long userVersion, int sequence, String installId)
        implements Comparable<HistoryPosition> {

    private static final Comparator<HistoryPosition> ORDER = Comparator.comparingLong(HistoryPosition::epochMilli)
            .thenComparingLong(HistoryPosition::userVersion).thenComparingInt(HistoryPosition::sequence)
            .thenComparing(HistoryPosition::installId);
    /** The widths the stored order is written with: a time up to the year 2286, any version, 1,000 entries a write. */
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,13})\\.(\\d{1,19})\\.(\\d{1,3})\\.([A-Za-z0-9_-]{1,256})");

    public HistoryPosition {
        if (epochMilli < 0 || userVersion < 0 || sequence < 0 || sequence > 999) {
            throw new IllegalArgumentException("no history position has a negative part or a sequence over 999");
        }
        Objects.requireNonNull(installId);
    }

    /** The position of the {@code sequence}th entry of a write that brought its user to {@code userVersion}. */
    public static HistoryPosition of(HistoryEntry entry, long userVersion, int sequence) {
        return new HistoryPosition(entry.at().toEpochMilli(), userVersion, sequence, entry.installId());
    }

    /** The text a lookup answers with: URL-safe, read back by {@link #fromCursor}. */
    public String cursor() {
        return epochMilli + "." + userVersion + "." + sequence + "." + installId;
    }

    /** A position from the text of {@link #cursor()}; empty for any other text. */
    public static Optional<HistoryPosition> fromCursor(String cursor) {
        Matcher parts = CURSOR.matcher(cursor);
        if (!parts.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HistoryPosition(Long.parseLong(parts.group(1)), Long.parseLong(parts.group(2)),
                    Integer.parseInt(parts.group(3)), parts.group(4)));
        } catch (NumberFormatException e) {
            // Nineteen digits can name more than a long holds.
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(HistoryPosition other) {
        return ORDER.compare(this, other);
    }
}
