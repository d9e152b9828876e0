package io.jenkins.plugins.promotiongates.engine.window;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows and freezes against a plain reference built on {@code ZonedDateTime}, in zones with DST, half-hour
 * and quarter-hour offsets, and across the years' transitions.
 */
class WindowPropertiesTest {
    /** 2020-01-01 to 2035-01-01. */
    private static final long FROM = 1_577_836_800L;
    private static final long TO = 2_051_222_400L;

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
                "Pacific/Chatham", "America/Santiago", "Europe/London").map(ZoneId::of);
    }

    @Provide
    Arbitrary<Set<DayOfWeek>> days() {
        return Arbitraries.of(DayOfWeek.class).set().ofMinSize(1).ofMaxSize(7);
    }

    @Property
    void shouldAgreeWithTheWallClockOfTheZone(@ForAll("days") Set<DayOfWeek> days,
            @ForAll @IntRange(min = 0, max = 1439) int start, @ForAll @IntRange(min = 1, max = 1440) int end,
            @ForAll("zones") ZoneId zone, @ForAll @LongRange(min = FROM, max = TO) long epochSecond) {
        Assume.that(start != end);
        ChangeWindow window = new ChangeWindow(days, start, end, zone);
        Instant instant = Instant.ofEpochSecond(epochSecond);

        boolean expected = reference(window, instant.atZone(zone).toLocalDateTime());

        assertThat(window.contains(instant)).isEqualTo(expected);
        assertThat(new WindowCalendar(List.of(window)).isOpen(instant)).isEqualTo(expected);
    }

    @Property
    void shouldBeOpenAtEveryInstantShowingALocalTimeInsideTheWindow(@ForAll("days") Set<DayOfWeek> days,
            @ForAll @IntRange(min = 0, max = 1439) int start, @ForAll @IntRange(min = 1, max = 1440) int end,
            @ForAll("zones") ZoneId zone, @ForAll @LongRange(min = 18_262, max = 23_741) long epochDay,
            @ForAll @IntRange(min = 0, max = 1439) int offsetInWindow) {
        Assume.that(start != end);
        ChangeWindow window = new ChangeWindow(days, start, end, zone);
        Assume.that(offsetInWindow < window.lengthMinutes());
        DayOfWeek openingDay = days.iterator().next();
        LocalDateTime day = LocalDateTime.of(java.time.LocalDate.ofEpochDay(epochDay), java.time.LocalTime.MIDNIGHT);
        LocalDateTime opening = day.plusDays(Math.floorMod(openingDay.getValue() - day.getDayOfWeek().getValue(), 7))
                .plusMinutes(start);
        LocalDateTime inside = opening.plusMinutes(offsetInWindow);
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(inside);

        // Whatever the offset (none in a gap, two in an overlap), each instant showing that local time is open.
        for (ZoneOffset offset : offsets) {
            assertThat(window.contains(inside.toInstant(offset))).as("%s at %s", inside, offset).isTrue();
        }
    }

    @Property
    void shouldOpenACalendarWhenAnyOfItsWindowsIsOpen(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0,
            max = 1439) Integer> starts, @ForAll("zones") ZoneId zone,
            @ForAll @LongRange(min = FROM, max = TO) long epochSecond) {
        List<ChangeWindow> windows = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int start = starts.get(i);
            windows.add(new ChangeWindow(Set.of(DayOfWeek.of(i % 7 + 1)), start, (start + 97) % 1440 + 1,
                    i % 2 == 0 ? zone : ZoneId.of("UTC")));
        }
        Instant instant = Instant.ofEpochSecond(epochSecond);

        boolean any = windows.stream().anyMatch(window -> window.contains(instant));

        assertThat(new WindowCalendar(windows).isOpen(instant)).isEqualTo(any);
    }

    @Property
    void shouldNeverMakeAFreezeShorterThanWritten(@ForAll("zones") ZoneId zone,
            @ForAll @LongRange(min = FROM, max = TO) long startSecond, @ForAll @IntRange(min = 1, max = 20_000) int minutes,
            @ForAll @IntRange(min = 0, max = 19_999) int probe) {
        Assume.that(probe < minutes);
        LocalDateTime from = LocalDateTime.ofEpochSecond(startSecond - startSecond % 60, 0, ZoneOffset.UTC);
        LocalDateTime to = from.plusMinutes(minutes);
        Assume.that(instant(from, zone).isBefore(instant(to, zone)));
        Freeze freeze = new Freeze(from, to, zone, "property");
        LocalDateTime inside = from.plusMinutes(probe);

        for (ZoneOffset offset : zone.getRules().getValidOffsets(inside)) {
            assertThat(freeze.isActive(inside.toInstant(offset))).as("%s at %s", inside, offset).isTrue();
        }
        assertThat(freeze.isActive(freeze.end())).isFalse();
    }

    @Property
    void shouldFindTheSameActiveFreezeAsALinearScan(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 500)
            Integer> startHours, @ForAll @IntRange(min = 0, max = 520) int probeHour,
            @ForAll @IntRange(min = 1, max = 72) int length) {
        LocalDateTime base = LocalDateTime.parse("2026-03-20T00:00");
        ZoneId zone = ZoneId.of("Europe/Berlin");
        List<Freeze> freezes = new ArrayList<>();
        for (int i = 0; i < startHours.size(); i++) {
            LocalDateTime from = base.plusHours(startHours.get(i));
            LocalDateTime to = from.plusHours(length + i * 7L % 50);
            // 02:00-03:00 on 2026-03-29 lies in Berlin's DST gap: no time passes, and Freeze refuses it by design
            // (FreezeTest); such a generated freeze is no freeze.
            if (to.atZone(zone).toInstant().isAfter(from.atZone(zone).toInstant())) {
                freezes.add(new Freeze(from, to, zone, "f" + i));
            }
        }
        FreezeCalendar calendar = new FreezeCalendar(freezes);
        Instant probe = base.atZone(zone).toInstant().plusSeconds(probeHour * 3600L + 59);

        boolean expected = freezes.stream().anyMatch(freeze -> freeze.isActive(probe));
        Freeze found = calendar.activeAt(probe);

        assertThat(found != null).isEqualTo(expected);
        if (found != null) {
            assertThat(found.isActive(probe)).isTrue();
        }
    }

    private static Instant instant(LocalDateTime local, ZoneId zone) {
        return java.time.ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    /** The documented rule, written the obvious way. */
    private static boolean reference(ChangeWindow window, LocalDateTime local) {
        int minute = local.getHour() * 60 + local.getMinute();
        DayOfWeek today = local.getDayOfWeek();
        if (!window.crossesMidnight()) {
            return window.days().contains(today) && minute >= window.startMinute() && minute < window.endMinute();
        }
        return (window.days().contains(today) && minute >= window.startMinute())
                || (window.days().contains(today.minus(1)) && minute < window.endMinute());
    }
}
