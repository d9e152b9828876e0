package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.audit.ChainReport.Problem;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChainVerifierTest {
    @TempDir
    Path directory;
    private Path segment;
    private List<AuditEvent> events;

    @BeforeEach
    void writeFiveEvents() {
        try (FileAuditStore store = new FileAuditStore(directory, new MutableClock(Instant.parse("2026-11-25T02:00:00Z")))) {
            for (int i = 1; i <= 5; i++) {
                store.append(NewEvent.builder(AuditEventType.DECISION, "alice", ActorKind.HUMAN).correlationId("c" + i)
                        .outcome(Outcome.DENY).build());
            }
            events = store.since(0, 10);
        }
        segment = SegmentFile.path(directory, 1);
    }

    @Test
    void shouldFindAnIntactChainIntact() {
        ChainReport report = ChainVerifier.verifyDirectory(directory);

        assertThat(report.isIntact()).as(report.summary()).isTrue();
        assertThat(report.eventsVerified()).isEqualTo(5);
        assertThat(report.headHash()).isEqualTo(events.get(4).hash());
        assertThat(ChainVerifier.verify(events).isIntact()).isTrue();
    }

    @Test
    void shouldNameAnEditedEventWhoseFrameWasRepaired() throws IOException {
        List<byte[]> frames = TamperedFiles.frames(segment);
        AuditEvent edited = copyWithOutcome(events.get(2), Outcome.ALLOW);
        frames.set(2, TamperedFiles.forgeFrame(edited, false));
        TamperedFiles.writeFrames(segment, frames);

        ChainReport report = ChainVerifier.verifyDirectory(directory);

        assertThat(report.firstBrokenLink()).isNotNull();
        assertThat(report.firstBrokenLink().sequence()).isEqualTo(3);
        assertThat(report.firstBrokenLink().problem()).isEqualTo(Problem.HASH_MISMATCH);
        assertThat(report.eventsVerified()).isEqualTo(2);
        assertThat(report.summary()).contains("sequence 3", "edited", "segment-000001.log@");
    }

    @Test
    void shouldNameTheSuccessorOfAnEditedAndRehashedEvent() throws IOException {
        List<byte[]> frames = TamperedFiles.frames(segment);
        frames.set(2, TamperedFiles.forgeFrame(copyWithOutcome(events.get(2), Outcome.ALLOW), true));
        TamperedFiles.writeFrames(segment, frames);

        ChainReport report = ChainVerifier.verifyDirectory(directory);

        assertThat(report.firstBrokenLink().sequence()).isEqualTo(4);
        assertThat(report.firstBrokenLink().problem()).isEqualTo(Problem.PREV_HASH_MISMATCH);
    }

    @Test
    void shouldNameADeletedEvent() throws IOException {
        List<byte[]> frames = TamperedFiles.frames(segment);
        frames.remove(1);
        TamperedFiles.writeFrames(segment, frames);

        ChainReport report = ChainVerifier.verifyDirectory(directory);

        assertThat(report.firstBrokenLink().sequence()).isEqualTo(2);
        assertThat(report.firstBrokenLink().problem()).isEqualTo(Problem.SEQUENCE_MISMATCH);
        assertThat(report.firstBrokenLink().detail()).contains("expected sequence 2, found 3");
    }

    @Test
    void shouldNameReorderedEvents() throws IOException {
        List<byte[]> frames = TamperedFiles.frames(segment);
        byte[] third = frames.get(2);
        frames.set(2, frames.get(3));
        frames.set(3, third);
        TamperedFiles.writeFrames(segment, frames);

        ChainReport report = ChainVerifier.verifyDirectory(directory);

        assertThat(report.firstBrokenLink().sequence()).isEqualTo(3);
        assertThat(report.firstBrokenLink().problem()).isEqualTo(Problem.SEQUENCE_MISMATCH);
    }

    @Test
    void shouldReportADamagedFrameBeforeIntactOnesAsCorrupt() throws IOException {
        TamperedFiles.flipByte(segment, TamperedFiles.frameOffsets(segment).get(1) + 70);

        ChainReport report = ChainVerifier.verifyDirectory(directory);

        assertThat(report.firstBrokenLink().problem()).isEqualTo(Problem.CORRUPT_RECORD);
        assertThat(report.firstBrokenLink().detail()).contains("CRC32C");
        assertThat(report.eventsVerified()).isEqualTo(1);
    }

    @Test
    void shouldVerifyEventsGivenInOrderAndStopAtTheFirstBreak() {
        List<AuditEvent> reordered = new ArrayList<>(events);
        reordered.set(0, copyWithOutcome(events.get(0), Outcome.PENDING));

        ChainReport report = ChainVerifier.verify(reordered);

        assertThat(report.firstBrokenLink().sequence()).isEqualTo(1);
        assertThat(report.firstBrokenLink().problem()).isEqualTo(Problem.HASH_MISMATCH);
        assertThat(report.eventsVerified()).isZero();
    }

    private static AuditEvent copyWithOutcome(AuditEvent e, Outcome outcome) {
        return new AuditEvent(e.sequence(), e.eventId(), e.type(), e.time(), e.correlationId(), e.actor(), e.actorKind(),
                e.environment(), e.digests(), e.job(), e.run(), e.policyHash(), outcome, e.reasons(), e.payload(),
                e.uniqueKey(), e.prevHash(), e.hash());
    }
}
