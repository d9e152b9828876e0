package io.jenkins.plugins.promotiongates.engine.window;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChangeWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant at(String localDateTime, ZoneId zone) {
        return ZonedDateTime.ofLocal(LocalDateTime.parse(localDateTime), zone, null).toInstant();
    }

    @ParameterizedTest(name = "{0} Berlin open: {1}")
    @CsvSource({
            "2026-11-24T08:59, false",
            "2026-11-24T09:00, true",
            "2026-11-24T16:59, true",
            "2026-11-24T17:00, false",
            "2026-11-28T10:00, false"
    })
    void shouldOpenOnListedDaysBetweenStartAndEnd(String local, boolean open) {
        ChangeWindow window = new ChangeWindow(Set.of(DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY), 9 * 60, 17 * 60, BERLIN);

        assertThat(window.contains(at(local, BERLIN))).isEqualTo(open);
    }

    @ParameterizedTest(name = "{0} New York open: {1}")
    @CsvSource({
            "2026-11-27T21:59, false",
            "2026-11-27T22:00, true",
            "2026-11-27T23:59, true",
            "2026-11-28T00:00, true",
            "2026-11-28T01:59, true",
            "2026-11-28T02:00, false",
            "2026-11-29T01:00, false",
            "2026-11-30T22:30, false"
    })
    void shouldCloseOnTheNextDayWhenCrossingMidnight(String local, boolean open) {
        ChangeWindow window = new ChangeWindow(Set.of(DayOfWeek.FRIDAY), 22 * 60, 2 * 60, NEW_YORK);

        assertThat(window.crossesMidnight()).isTrue();
        assertThat(window.contains(at(local, NEW_YORK))).isEqualTo(open);
    }

    @Test
    void shouldWrapFromSundayNightIntoMonday() {
        ChangeWindow window = new ChangeWindow(Set.of(DayOfWeek.SUNDAY), 23 * 60, 60, BERLIN);

        assertThat(window.contains(at("2026-11-30T00:30", BERLIN))).isTrue();
        assertThat(new WindowCalendar(List.of(window)).isOpen(at("2026-11-30T00:30", BERLIN))).isTrue();
    }

    @Test
    void shouldNotOpenForLocalTimesSkippedBySpringForward() {
        // Europe/Berlin jumps from 02:00 to 03:00 on Sunday 2026-03-29: 02:xx never shows on a wall clock.
        ChangeWindow gapOnly = new ChangeWindow(Set.of(DayOfWeek.SUNDAY), 2 * 60, 3 * 60, BERLIN);
        WindowCalendar calendar = new WindowCalendar(List.of(gapOnly));
        Instant jump = Instant.parse("2026-03-29T01:00:00Z");

        for (long minute = -90; minute <= 90; minute++) {
            assertThat(calendar.isOpen(jump.plusSeconds(minute * 60))).isFalse();
        }
    }

    @Test
    void shouldBeOpenTwiceForLocalTimesRepeatedByFallBack() {
        // Europe/Berlin goes from 03:00 CEST back to 02:00 CET on Sunday 2026-10-25: 02:xx happens twice.
        ChangeWindow overlap = new ChangeWindow(Set.of(DayOfWeek.SUNDAY), 2 * 60, 3 * 60, BERLIN);
        Instant firstPass = Instant.parse("2026-10-25T00:00:00Z");
        int openMinutes = 0;
        for (long minute = -120; minute < 240; minute++) {
            if (overlap.contains(firstPass.plusSeconds(minute * 60))) {
                openMinutes++;
            }
        }

        assertThat(openMinutes).isEqualTo(120);
        assertThat(overlap.contains(Instant.parse("2026-10-25T00:30:00Z"))).isTrue();
        assertThat(overlap.contains(Instant.parse("2026-10-25T01:30:00Z"))).isTrue();
    }

    @Test
    void shouldReportLocalTimeAndNextOpeningForMessages() {
        WindowCalendar calendar = new WindowCalendar(List.of(
                new ChangeWindow(Set.of(DayOfWeek.MONDAY), 9 * 60, 17 * 60, BERLIN)));
        Instant saturday = at("2026-11-28T10:15", BERLIN);

        assertThat(calendar.localTimes(saturday)).isEqualTo("Sat 10:15 Europe/Berlin");
        assertThat(calendar.nextOpening(saturday)).isEqualTo("Mon 09:00 Europe/Berlin");
        assertThat(calendar.describe()).isEqualTo("Mon 09:00-17:00 Europe/Berlin");
    }

    @Test
    void shouldRefuseWindowsThatCanNeverOpen() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ChangeWindow(Set.of(), 9 * 60, 17 * 60, BERLIN))
                .withMessageContaining("can never open");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ChangeWindow(Set.of(DayOfWeek.MONDAY), 9 * 60, 9 * 60, BERLIN))
                .withMessageContaining("can never open");
    }

    @Test
    void shouldCoverTheWholeDayFromMidnightToTwentyFour() {
        ChangeWindow allDay = new ChangeWindow(Set.of(DayOfWeek.MONDAY), 0, 1440, BERLIN);

        assertThat(allDay.contains(at("2026-11-30T00:00", BERLIN))).isTrue();
        assertThat(allDay.contains(at("2026-11-30T23:59", BERLIN))).isTrue();
        assertThat(allDay.contains(at("2026-12-01T00:00", BERLIN))).isFalse();
    }
}
