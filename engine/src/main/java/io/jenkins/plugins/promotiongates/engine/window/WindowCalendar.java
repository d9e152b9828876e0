package io.jenkins.plugins.promotiongates.engine.window;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All change windows of an environment, precompiled into one bitmap of the week's minutes per time zone, so
 * that "is a window open now?" costs one offset lookup and one bit test per zone however many windows exist.
 * The calendar is open when any of its windows is open.
 */
public final class WindowCalendar {
    private final List<ChangeWindow> windows;
    private final ZoneId[] zones;
    private final BitSet[] openMinutes;

    public WindowCalendar(List<ChangeWindow> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a window calendar needs at least one window");
        }
        this.windows = List.copyOf(windows);
        Map<ZoneId, BitSet> byZone = new LinkedHashMap<>();
        for (ChangeWindow window : this.windows) {
            BitSet bits = byZone.computeIfAbsent(window.zone(), zone -> new BitSet(ChangeWindow.MINUTES_PER_WEEK));
            for (DayOfWeek day : window.days()) {
                int open = (day.getValue() - 1) * ChangeWindow.MINUTES_PER_DAY + window.startMinute();
                for (int minute = 0; minute < window.lengthMinutes(); minute++) {
                    bits.set((open + minute) % ChangeWindow.MINUTES_PER_WEEK);
                }
            }
        }
        this.zones = byZone.keySet().toArray(new ZoneId[0]);
        this.openMinutes = byZone.values().toArray(new BitSet[0]);
    }

    public boolean isOpen(Instant instant) {
        for (int i = 0; i < zones.length; i++) {
            if (openMinutes[i].get(ChangeWindow.minuteOfWeek(instant, zones[i]))) {
                return true;
            }
        }
        return false;
    }

    /**
     * When a window next opens, as wall-clock text per zone (e.g. {@code Mon 09:00 Europe/Berlin}), for messages.
     * Computed in wall-clock minutes, so a DST change before that moment does not shift the label.
     */
    @CheckForNull
    public String nextOpening(Instant instant) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < zones.length; i++) {
            int now = ChangeWindow.minuteOfWeek(instant, zones[i]);
            int next = openMinutes[i].nextSetBit(now);
            if (next < 0) {
                next = openMinutes[i].nextSetBit(0);
            }
            if (next < 0) {
                continue;
            }
            int distance = Math.floorMod(next - now, ChangeWindow.MINUTES_PER_WEEK);
            if (distance < bestDistance) {
                bestDistance = distance;
                DayOfWeek day = DayOfWeek.of(next / ChangeWindow.MINUTES_PER_DAY + 1);
                best = ChangeWindow.shortName(day) + " "
                        + ChangeWindow.hhmm(next % ChangeWindow.MINUTES_PER_DAY) + " " + zones[i].getId();
            }
        }
        return best;
    }

    /** The local wall-clock time in each zone, e.g. {@code Sat 10:15 Europe/Berlin}, for messages. */
    public String localTimes(Instant instant) {
        List<String> parts = new ArrayList<>(zones.length);
        for (ZoneId zone : zones) {
            int minute = ChangeWindow.minuteOfWeek(instant, zone);
            DayOfWeek day = DayOfWeek.of(minute / ChangeWindow.MINUTES_PER_DAY + 1);
            parts.add(ChangeWindow.shortName(day) + " "
                    + ChangeWindow.hhmm(minute % ChangeWindow.MINUTES_PER_DAY) + " " + zone.getId());
        }
        return String.join(", ", parts);
    }

    public List<ChangeWindow> windows() {
        return windows;
    }

    /** The windows for a message, at most five. */
    public String describe() {
        List<String> texts = windows.stream().map(ChangeWindow::describe).toList();
        int shown = Math.min(texts.size(), 5);
        String head = String.join("; ", texts.subList(0, shown));
        return texts.size() > shown ? head + "; … (" + texts.size() + " windows)" : head;
    }
}
