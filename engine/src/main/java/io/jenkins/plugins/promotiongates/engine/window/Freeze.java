package io.jenkins.plugins.promotiongates.engine.window;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A change freeze: from one local date-time to another in a named zone, with the reason people will read.
 *
 * <p><b>DST rule.</b> The local bounds become instants so that the freeze is never shorter than written: a bound
 * inside a spring-forward gap moves forward by the length of the gap (the first instant that exists); in a
 * fall-back overlap the start takes the earlier offset and the end the later one. The freeze is active on
 * {@code [start, end)}.
 *
 * @param from   local start
 * @param to     local end (exclusive)
 * @param zone   the zone of both bounds
 * @param reason why the freeze exists (shown in denials)
 */
public record Freeze(LocalDateTime from, LocalDateTime to, ZoneId zone, String reason) {
    public Freeze {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(reason, "reason");
        if (!startInstant(from, zone).isBefore(endInstant(to, zone))) {
            throw new IllegalArgumentException("the freeze ends (" + to + ") before it starts (" + from + ") in "
                    + zone.getId() + ", so it is never active");
        }
    }

    public Instant start() {
        return startInstant(from, zone);
    }

    public Instant end() {
        return endInstant(to, zone);
    }

    public boolean isActive(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    private static Instant startInstant(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap().toInstant();
    }

    private static Instant endInstant(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.ofLocal(local, zone, null).withLaterOffsetAtOverlap().toInstant();
    }

    public String describe() {
        return from + " to " + to + " " + zone.getId() + " (" + reason + ")";
    }
}
