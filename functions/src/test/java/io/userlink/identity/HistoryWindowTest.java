package io.userlink.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.user.HistoryEntry;
import io.userlink.user.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cursor a lookup answers with when it leaves older history out, and the window a caller asks for with it: a
 * cursor reads back as the position it names, and nothing else reads as a position.
 */
class HistoryWindowTest {

    private static final HistoryPosition POSITION = new HistoryPosition(1_764_489_600_123L, 42, 7, "ins-qiylvbsw2dxi6imgsk73i6lucm");

    @Test
    void aCursorReadsBackAsItsPosition() {
        assertEquals("1764489600123.42.7.ins-qiylvbsw2dxi6imgsk73i6lucm", POSITION.cursor());
        assertEquals(Optional.of(POSITION), HistoryPosition.fromCursor(POSITION.cursor()));
        HistoryPosition extremes = new HistoryPosition(9_999_999_999_999L, Long.MAX_VALUE, 999, "A_z-0");
        assertEquals(Optional.of(extremes), HistoryPosition.fromCursor(extremes.cursor()));
        HistoryPosition zero = new HistoryPosition(0, 0, 0, "i");
        assertEquals(Optional.of(zero), HistoryPosition.fromCursor(zero.cursor()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1764489600123.42.7", "1764489600123.42.7.", "1764489600123.42.7.ins x",
            "1764489600123.42.7.ins#1", "-1.42.7.ins", "1764489600123.-1.7.ins", "1764489600123.42.1000.ins",
            "17644896001234.42.7.ins", "1764489600123.9223372036854775808.7.ins", "1.2.3.4.5", "a.42.7.ins",
            "1764489600123,42,7,ins", " 1764489600123.42.7.ins"})
    void anythingElseIsNoCursor(String text) {
        assertEquals(Optional.empty(), HistoryPosition.fromCursor(text));
    }

    @Test
    void anInstallIdOfMoreThan256CharactersIsNoCursor() {
        assertEquals(Optional.empty(), HistoryPosition.fromCursor("1.2.3." + "i".repeat(257)));
        assertEquals(256, HistoryPosition.fromCursor("1.2.3." + "i".repeat(256)).orElseThrow().installId().length());
    }

    @Test
    void positionsSortByTimeThenVersionThenSequenceThenInstall() {
        List<HistoryPosition> ordered = List.of(new HistoryPosition(1, 9, 9, "z"), new HistoryPosition(2, 1, 9, "z"),
                new HistoryPosition(2, 2, 0, "z"), new HistoryPosition(2, 2, 1, "a"), new HistoryPosition(2, 2, 1, "b"));
        List<HistoryPosition> shuffled = new ArrayList<>(ordered.reversed());
        Collections.sort(shuffled);
        assertEquals(ordered, shuffled);
    }

    @Test
    void anEntrysPositionKeepsItsTimeToTheMillisecond() {
        HistoryEntry entry = HistoryEntry.of(Instant.parse("2026-11-30T07:27:43.123456Z"), HistoryEvent.LINKED, "ins-a");

        assertEquals(new HistoryPosition(1_796_023_663_123L, 5, 2, "ins-a"), HistoryPosition.of(entry, 5, 2));
    }

    @Test
    void noPositionHasANegativePartOrASequenceOver999() {
        assertThrows(IllegalArgumentException.class, () -> new HistoryPosition(-1, 0, 0, "i"));
        assertThrows(IllegalArgumentException.class, () -> new HistoryPosition(0, -1, 0, "i"));
        assertThrows(IllegalArgumentException.class, () -> new HistoryPosition(0, 0, -1, "i"));
        assertThrows(IllegalArgumentException.class, () -> new HistoryPosition(0, 0, 1000, "i"));
        assertEquals(999, new HistoryPosition(0, 0, 999, "i").sequence());
    }

    @Test
    void aWindowReadsOneTo1000Entries() {
        assertThrows(IllegalArgumentException.class, () -> new HistoryWindow(0, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new HistoryWindow(1001, Optional.empty()));
        assertEquals(1, new HistoryWindow(1, Optional.of(POSITION)).limit());
        assertEquals(new HistoryWindow(1000, Optional.empty()), HistoryWindow.NEWEST);
    }
}
