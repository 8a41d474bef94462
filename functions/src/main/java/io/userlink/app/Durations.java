package io.userlink.app;

import java.time.Duration;
import java.util.Locale;

/** Durations as operators write them: {@code 900}, {@code 900s}, {@code 15m}, {@code 12h}, {@code 30d}. */
public final class Durations {

    private Durations() {}

    /**
     * Reads a duration: a whole number of seconds, or a whole number followed by s, m, h or d.
     *
     * @throws IllegalArgumentException for anything else, or a duration that is not positive
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty()) {
            throw invalid(text);
        }
        char unit = trimmed.charAt(trimmed.length() - 1);
        String number = Character.isDigit(unit) ? trimmed : trimmed.substring(0, trimmed.length() - 1);
        long amount;
        try {
            amount = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        if (amount <= 0 || amount > Duration.ofDays(100 * 365).toSeconds()) {
            throw invalid(text);
        }
        return switch (unit) {
            case 'd' -> Duration.ofDays(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 's' -> Duration.ofSeconds(amount);
            default -> {
                if (!Character.isDigit(unit)) {
                    throw invalid(text);
                }
                yield Duration.ofSeconds(amount);
            }
        };
    }

    /** The largest unit that states a duration exactly: {@code 30d}, {@code 1h}, {@code 90s}. */
    public static String text(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("a duration is a positive whole number of seconds, or one followed by"
                + " s, m, h or d (e.g. 900, 15m, 30d), not '" + text + "'");
    }
}
