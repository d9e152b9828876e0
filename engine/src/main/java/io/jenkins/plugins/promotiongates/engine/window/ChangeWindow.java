package io.jenkins.plugins.promotiongates.engine.window;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A weekly change window in local wall-clock time of a named time zone, e.g. Monday to Thursday 09:00–17:00
 * Europe/Berlin. A window whose end is before its start crosses midnight: it opens on each listed day and closes
 * on the following day ({@code FRI 22:00–02:00} is open until Saturday 02:00).
 *
 * <p><b>DST rule.</b> An instant is inside the window exactly when its local date-time in the zone is inside.
 * Local times skipped by a spring-forward gap never occur, so the window is shorter that day (or does not open
 * at all if it lies entirely in the gap); local times repeated by a fall-back overlap occur twice, so the window
 * is open during both passes. The rule never depends on the UTC offset, only on what a wall clock in that zone
 * shows.
 *
 * @param days        the days on which the window opens (at least one)
 * @param startMinute minute of the day it opens, 0–1439
 * @param endMinute   minute of the day it closes, 1–1440 (1440 = midnight at the end of the day); if not after
 *                    {@code startMinute} the window closes on the next day
 * @param zone        the time zone of the wall clock
 */
public record ChangeWindow(Set<DayOfWeek> days, int startMinute, int endMinute, ZoneId zone) {
    static final int MINUTES_PER_DAY = 1440;
    static final int MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

    public ChangeWindow {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a change window needs at least one day, otherwise it can never open");
        }
        if (startMinute < 0 || startMinute >= MINUTES_PER_DAY) {
            throw new IllegalArgumentException("start must be between 00:00 and 23:59, got " + hhmm(startMinute));
        }
        if (endMinute < 1 || endMinute > MINUTES_PER_DAY) {
            throw new IllegalArgumentException("end must be between 00:01 and 24:00, got " + hhmm(endMinute));
        }
        if (endMinute == startMinute) {
            throw new IllegalArgumentException("start and end are both " + hhmm(startMinute)
                    + ", so the window can never open");
        }
    }

    /** True when the window ends on the day after it opens. */
    public boolean crossesMidnight() {
        return endMinute < startMinute;
    }

    /** Length of one opening in wall-clock minutes. */
    public int lengthMinutes() {
        return crossesMidnight() ? MINUTES_PER_DAY - startMinute + endMinute : endMinute - startMinute;
    }

    /** Whether a wall clock in the zone shows a time inside the window at this instant. */
    public boolean contains(Instant instant) {
        int minuteOfWeek = minuteOfWeek(instant, zone);
        for (DayOfWeek day : days) {
            int open = (day.getValue() - 1) * MINUTES_PER_DAY + startMinute;
            int offset = Math.floorMod(minuteOfWeek - open, MINUTES_PER_WEEK);
            if (offset < lengthMinutes()) {
                return true;
            }
        }
        return false;
    }

    /** Minutes since Monday 00:00 on a wall clock in the zone; allocation-free (no ZonedDateTime). */
    static int minuteOfWeek(Instant instant, ZoneId zone) {
        long local = instant.getEpochSecond() + zone.getRules().getOffset(instant).getTotalSeconds();
        long epochDay = Math.floorDiv(local, 86_400L);
        int secondOfDay = (int) Math.floorMod(local, 86_400L);
        // 1970-01-01 was a Thursday, day 3 when Monday is 0.
        int dayOfWeek = (int) Math.floorMod(epochDay + 3, 7L);
        return dayOfWeek * MINUTES_PER_DAY + secondOfDay / 60;
    }

    /** e.g. {@code Mon,Tue,Wed 09:00-17:00 Europe/Berlin}. */
    public String describe() {
        String dayList = days.stream().sorted()
                .map(day -> DAY_NAMES[day.getValue() - 1])
                .collect(Collectors.joining(","));
        return dayList + " " + hhmm(startMinute) + "-" + hhmm(endMinute) + (crossesMidnight() ? " (next day)" : "")
                + " " + zone.getId();
    }

    /** Short English day names, Monday first; formatting without {@code TextStyle} keeps messages cheap. */
    static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    static String hhmm(int minute) {
        int hours = minute / 60;
        int minutes = minute % 60;
        return new String(new char[] {(char) ('0' + hours / 10), (char) ('0' + hours % 10), ':',
                (char) ('0' + minutes / 10), (char) ('0' + minutes % 10)});
    }
}
