package io.jenkins.plugins.promotiongates.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times for people: ISO-8601 UTC, always to the millisecond, so that lines sort and align. */
final class Times {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String text(Instant time) {
        return MILLIS.format(time);
    }
}
