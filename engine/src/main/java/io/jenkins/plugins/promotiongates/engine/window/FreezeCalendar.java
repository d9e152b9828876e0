package io.jenkins.plugins.promotiongates.engine.window;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The freezes of an environment, sorted by start with a running maximum of their ends, so that finding an active
 * freeze is a binary search rather than a scan of every period.
 */
public final class FreezeCalendar {
    private final Freeze[] byStart;
    private final long[] startMillis;
    private final long[] endMillis;
    private final long[] maxEndMillis;

    public FreezeCalendar(List<Freeze> freezes) {
        this.byStart = freezes.stream().sorted(Comparator.comparing(Freeze::start)).toArray(Freeze[]::new);
        this.startMillis = new long[byStart.length];
        this.endMillis = new long[byStart.length];
        this.maxEndMillis = new long[byStart.length];
        long maxEnd = Long.MIN_VALUE;
        for (int i = 0; i < byStart.length; i++) {
            startMillis[i] = byStart[i].start().toEpochMilli();
            endMillis[i] = byStart[i].end().toEpochMilli();
            maxEnd = Math.max(maxEnd, endMillis[i]);
            maxEndMillis[i] = maxEnd;
        }
    }

    /** A freeze active at the instant (the latest-starting one if several overlap), or null. */
    @CheckForNull
    public Freeze activeAt(Instant instant) {
        long now = instant.toEpochMilli();
        int index = Arrays.binarySearch(startMillis, now);
        // The last freeze starting at or before now; equal starts sort together, so move to the last of them.
        int last = index >= 0 ? index : -index - 2;
        while (last >= 0 && last + 1 < startMillis.length && startMillis[last + 1] <= now) {
            last++;
        }
        if (last < 0 || maxEndMillis[last] <= now) {
            return null;
        }
        for (int i = last; i >= 0; i--) {
            if (endMillis[i] > now) {
                return byStart[i];
            }
        }
        return null;
    }

    public List<Freeze> freezes() {
        return List.of(byStart);
    }
}
