package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Segments grow by preallocated zeros, so the log ends at a zero frame header rather than at the file's end. A copy
 * taken while the store is open is what a crash leaves behind (every acknowledged append is durable, the zeros after
 * it too); opening it, verifying it and appending to it must work like after a clean close.
 */
class FileAuditStorePreallocationTest {
    @TempDir
    Path temp;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));

    private static NewEvent event(String correlationId) {
        return NewEvent.builder(AuditEventType.DECISION, "agent-7", ActorKind.AGENT).correlationId(correlationId)
                .environment("production").outcome(Outcome.DENY).build();
    }

    /** Verifies the chain in the directory: intact, with this many events; the report for further checks. */
    private static ChainReport assertIntact(Path directory, long events) {
        ChainReport report = ChainVerifier.verifyDirectory(directory);
        assertThat(report.isIntact()).as(report.summary()).isTrue();
        assertThat(report.eventsVerified()).isEqualTo(events);
        return report;
    }

    private static long dataEnd(Path segment) throws IOException {
        List<Long> offsets = TamperedFiles.frameOffsets(segment);
        if (offsets.isEmpty()) {
            return SegmentFile.MAGIC.length;
        }
        long last = offsets.get(offsets.size() - 1);
        byte[] header = new byte[4];
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            channel.read(ByteBuffer.wrap(header), last);
        }
        return last + SegmentFile.FRAME_HEADER + SegmentFile.readInt(header, 0);
    }

    private static boolean zerosFrom(Path segment, long offset) throws IOException {
        byte[] data = Files.readAllBytes(segment);
        for (int i = (int) offset; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Copies the segment files as they are on disk right now (the store stays open): a crash image. */
    private Path crashImage(Path directory) throws IOException {
        Path copy = Files.createTempDirectory(temp, "crash-image-");
        try (Stream<Path> files = Files.list(directory)) {
            // What a crash leaves: the segments and the acknowledgement record.
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segment-")
                    || f.getFileName().toString().equals(AcknowledgementFile.NAME)).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void shouldWriteIntoPreallocatedZerosAndTrimThemOnClose() throws IOException {
        Path directory = temp.resolve("store");
        Path segment = SegmentFile.path(directory, 1);
        try (FileAuditStore store = new FileAuditStore(directory, clock)) {
            store.append(event("c1"));
            long end = dataEnd(segment);
            long size = Files.size(segment);
            assertThat(size).as("zeros are preallocated after the first frame").isGreaterThan(end);
            assertThat(zerosFrom(segment, end)).isTrue();

            store.append(event("c2"));
            assertThat(dataEnd(segment)).isGreaterThan(end);
            assertThat(Files.size(segment)).as("the second append writes into the preallocated space").isEqualTo(size);
        }
        assertThat(Files.size(segment)).as("a clean close leaves exactly the frames").isEqualTo(dataEnd(segment));
    }

    @Test
    void shouldReopenACrashImageWithPreallocatedZerosAndKeepAppending() throws IOException {
        Path directory = temp.resolve("store");
        List<AuditEvent> appended = new ArrayList<>();
        Path image;
        try (FileAuditStore store = new FileAuditStore(directory, clock)) {
            for (int i = 0; i < 20; i++) {
                appended.add(store.append(event("c" + i)));
            }
            image = crashImage(directory);
        }
        Path segment = SegmentFile.path(image, 1);
        long end = dataEnd(segment);
        assertThat(Files.size(segment)).isGreaterThan(end);

        assertThat(assertIntact(image, 20).warnings()).as("zeros after the last frame are free space, not a torn tail")
                .isEmpty();

        try (FileAuditStore reopened = new FileAuditStore(image, clock)) {
            assertThat(reopened.recoveryReport().cutTornTail()).isFalse();
            assertThat(reopened.recoveryReport().warnings()).isEmpty();
            assertThat(reopened.since(0, 100)).containsExactlyElementsOf(appended);
            AuditEvent next = reopened.append(event("after-crash"));
            assertThat(next.sequence()).isEqualTo(21);
            assertThat(next.prevHash()).isEqualTo(appended.get(19).hash());
            assertThat(dataEnd(segment)).as("written where the frames ended, not after the zeros").isGreaterThan(end)
                    .isLessThan(Files.size(segment));
        }
        assertThat(assertIntact(image, 21).warnings()).isEmpty();
    }

    @Test
    void shouldCutAPartialFrameFollowedByZeros() throws IOException {
        Path directory = temp.resolve("store");
        Path image;
        try (FileAuditStore store = new FileAuditStore(directory, clock)) {
            for (int i = 0; i < 3; i++) {
                store.append(event("c" + i));
            }
            image = crashImage(directory);
        }
        Path segment = SegmentFile.path(image, 1);
        long end = dataEnd(segment);
        long size = Files.size(segment);
        // A crash during the next write: its header and a few body bytes reached the disk, the rest is still zeros.
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 1, 0, 0}), end);
        }
        assertThat(Files.size(segment)).isEqualTo(size);

        ChainReport before = ChainVerifier.verifyDirectory(image);
        assertThat(before.isIntact()).isTrue();
        assertThat(before.warnings()).singleElement().asString().contains("torn tail", "@" + end);

        try (FileAuditStore reopened = new FileAuditStore(image, clock)) {
            RecoveryReport report = reopened.recoveryReport();
            assertThat(report.cutTornTail()).isTrue();
            assertThat(report.tornTailOffset()).isEqualTo(end);
            assertThat(report.warnings()).singleElement().asString().contains("CRC32C mismatch");
            assertThat(reopened.lastSequence()).isEqualTo(3);
            assertThat(reopened.append(event("c3")).sequence()).isEqualTo(4);
        }
        assertThat(assertIntact(image, 4).warnings()).isEmpty();
    }

    @Test
    void shouldRefuseToCutTheNewestAcknowledgedFrameOfACrashImage() throws IOException {
        Path directory = temp.resolve("store");
        Path image;
        try (FileAuditStore store = new FileAuditStore(directory, clock)) {
            for (int i = 0; i < 3; i++) {
                store.append(event("c" + i));
            }
            image = crashImage(directory);
        }
        Path segment = SegmentFile.path(image, 1);
        long newest = TamperedFiles.frameOffsets(segment).get(2);
        TamperedFiles.flipByte(segment, newest + 40);

        assertThat(ChainVerifier.verifyDirectory(image).isIntact()).isFalse();
        assertThatThrownBy(() -> new FileAuditStore(image, clock)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("segment-000001.log@" + newest).hasMessageContaining("was acknowledged");
        assertThat(dataEnd(segment)).as("nothing was cut").isGreaterThan(newest);
    }

    @Test
    void shouldTreatBytesAfterAZeroFrameHeaderAsATornTail() throws IOException {
        Path directory = temp.resolve("store");
        Path image;
        try (FileAuditStore store = new FileAuditStore(directory, clock)) {
            store.append(event("c0"));
            store.append(event("c1"));
            image = crashImage(directory);
        }
        Path segment = SegmentFile.path(image, 1);
        long end = dataEnd(segment);
        // A later page of an unacknowledged write reached the disk, the page with its frame header did not.
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {7, 7, 7}), end + 100);
        }

        assertThat(ChainVerifier.verifyDirectory(image).warnings()).singleElement().asString()
                .contains("zero frame header followed by non-zero bytes");
        try (FileAuditStore reopened = new FileAuditStore(image, clock)) {
            assertThat(reopened.recoveryReport().cutTornTail()).isTrue();
            assertThat(reopened.recoveryReport().tornTailOffset()).isEqualTo(end);
            assertThat(reopened.append(event("c2")).sequence()).isEqualTo(3);
        }
        assertThat(ChainVerifier.verifyDirectory(image).eventsVerified()).isEqualTo(3);
    }

    @Test
    void shouldRefuseToOpenWhenAnIntactFrameFollowsAZeroedFrame() throws IOException {
        Path directory = temp.resolve("store");
        Path image;
        try (FileAuditStore store = new FileAuditStore(directory, clock)) {
            for (int i = 0; i < 3; i++) {
                store.append(event("c" + i));
            }
            image = crashImage(directory);
        }
        Path segment = SegmentFile.path(image, 1);
        long second = TamperedFiles.frameOffsets(segment).get(1);
        // An acknowledged frame overwritten with zeros must not pass as the end of the log.
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[SegmentFile.FRAME_HEADER + 40]), second);
        }

        assertThat(ChainVerifier.verifyDirectory(image).isIntact()).isFalse();
        assertThatThrownBy(() -> new FileAuditStore(image, clock)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("intact records after it");
    }

    @Test
    void shouldOpenAndContinueSegmentsWrittenWithoutPreallocation() throws IOException {
        Path directory = temp.resolve("store");
        List<AuditEvent> appended = new ArrayList<>();
        try (FileAuditStore store = new FileAuditStore(directory, clock)) {
            for (int i = 0; i < 5; i++) {
                appended.add(store.append(event("c" + i)));
            }
        }
        // Rewrite the segment exactly as the format was before preallocation: header and frames, nothing after.
        Path old = Files.createDirectory(temp.resolve("old-format"));
        Path segment = SegmentFile.path(old, 1);
        TamperedFiles.writeFrames(segment, TamperedFiles.frames(SegmentFile.path(directory, 1)));
        assertThat(Files.size(segment)).isEqualTo(dataEnd(segment));
        assertThat(ChainVerifier.verifyDirectory(old).eventsVerified()).isEqualTo(5);

        try (FileAuditStore reopened = new FileAuditStore(old, clock)) {
            assertThat(reopened.recoveryReport().warnings()).isEmpty();
            assertThat(reopened.since(0, 10)).containsExactlyElementsOf(appended);
            assertThat(reopened.append(event("c5")).prevHash()).isEqualTo(appended.get(4).hash());
            assertThat(Files.size(segment)).isGreaterThan(dataEnd(segment));
        }
        assertIntact(old, 6);
    }

    @Test
    void shouldTrimFullSegmentsOnRolloverAndVerifyACrashImageAcrossThem() throws IOException {
        Path directory = temp.resolve("small-segments");
        Path image;
        try (FileAuditStore store = new FileAuditStore(directory, clock, 2_000)) {
            for (int i = 0; i < 40; i++) {
                store.append(event("c" + (i % 4)));
            }
            image = crashImage(directory);
        }
        List<Path> segments = SegmentFile.list(image);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        for (Path full : segments.subList(0, segments.size() - 1)) {
            assertThat(Files.size(full)).as("%s holds exactly its frames", full).isEqualTo(dataEnd(full));
        }
        Path last = segments.get(segments.size() - 1);
        if (dataEnd(last) < 2_000 && dataEnd(last) > SegmentFile.MAGIC.length) {
            // (a full last segment means the image caught the writer rolling over, after the append was acknowledged;
            // a last segment with no frame is the one it rolled over to, preallocated only at its first write)
            assertThat(Files.size(last)).isGreaterThan(dataEnd(last));
        }

        assertThat(assertIntact(image, 40).warnings()).isEmpty();
        try (FileAuditStore reopened = new FileAuditStore(image, clock, 2_000)) {
            assertThat(reopened.byCorrelationId("c1")).hasSize(10);
            for (int i = 40; i < 80; i++) {
                reopened.append(event("c" + (i % 4)));
            }
        }
        assertIntact(image, 80);
    }
}
