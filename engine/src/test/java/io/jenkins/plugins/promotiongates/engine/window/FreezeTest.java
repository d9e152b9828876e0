package io.jenkins.plugins.promotiongates.engine.window;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FreezeTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void shouldBeActiveFromStartUntilJustBeforeEnd() {
        Freeze freeze = new Freeze(LocalDateTime.parse("2026-12-18T18:00"), LocalDateTime.parse("2027-01-04T08:00"),
                BERLIN, "Year-end freeze");

        assertThat(freeze.start()).isEqualTo(Instant.parse("2026-12-18T17:00:00Z"));
        assertThat(freeze.isActive(Instant.parse("2026-12-18T16:59:59Z"))).isFalse();
        assertThat(freeze.isActive(Instant.parse("2026-12-18T17:00:00Z"))).isTrue();
        assertThat(freeze.isActive(Instant.parse("2027-01-04T06:59:59Z"))).isTrue();
        assertThat(freeze.isActive(Instant.parse("2027-01-04T07:00:00Z"))).isFalse();
    }

    @Test
    void shouldMoveABoundInsideASpringForwardGapToTheFirstExistingInstant() {
        Freeze freeze = new Freeze(LocalDateTime.parse("2026-03-29T02:30"), LocalDateTime.parse("2026-03-29T05:00"),
                BERLIN, "gap");

        assertThat(freeze.start()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void shouldCoverBothPassesOfAFallBackOverlap() {
        Freeze freeze = new Freeze(LocalDateTime.parse("2026-10-25T02:00"), LocalDateTime.parse("2026-10-25T02:30"),
                BERLIN, "overlap");

        assertThat(freeze.start()).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
        assertThat(freeze.end()).isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
    }

    @Test
    void shouldRefuseAFreezeThatLiesWhollyInADaylightSavingGap() {
        // Berlin jumps from 02:00 to 03:00 on 2026-03-29: a freeze from 02:00 to 03:00 lasts no time at all.
        assertThatIllegalArgumentException().isThrownBy(() -> new Freeze(LocalDateTime.parse("2026-03-29T02:00"),
                LocalDateTime.parse("2026-03-29T03:00"), BERLIN, "gap")).withMessageContaining("never active");
    }

    @Test
    void shouldRefuseAFreezeThatEndsBeforeItStarts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Freeze(LocalDateTime.parse("2026-12-20T00:00"),
                LocalDateTime.parse("2026-12-19T00:00"), BERLIN, "backwards")).withMessageContaining("never active");
    }

    @Test
    void shouldFindTheActiveFreezeAmongOverlappingOnes() {
        Freeze longOne = new Freeze(LocalDateTime.parse("2026-12-01T00:00"), LocalDateTime.parse("2026-12-31T00:00"),
                BERLIN, "long");
        Freeze shortOne = new Freeze(LocalDateTime.parse("2026-12-05T00:00"), LocalDateTime.parse("2026-12-06T00:00"),
                BERLIN, "short");
        FreezeCalendar calendar = new FreezeCalendar(List.of(shortOne, longOne));

        assertThat(calendar.activeAt(Instant.parse("2026-12-10T12:00:00Z"))).isEqualTo(longOne);
        assertThat(calendar.activeAt(Instant.parse("2026-12-05T12:00:00Z"))).isEqualTo(shortOne);
        assertThat(calendar.activeAt(Instant.parse("2027-01-10T12:00:00Z"))).isNull();
        assertThat(calendar.activeAt(Instant.parse("2026-11-10T12:00:00Z"))).isNull();
        assertThat(new FreezeCalendar(List.of()).activeAt(Instant.parse("2026-11-10T12:00:00Z"))).isNull();
    }
}
