package io.jenkins.plugins.promotiongates.engine.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An acknowledged record is never cut. The attacker (or a failing disk) changes the newest frame of the log so that
 * its CRC no longer matches, or cuts the file after the second of three acknowledged events: the store used to take
 * either for a write torn by a crash and silently drop the third event on the next open, and {@code audit verify}
 * called the shortened chain intact. Watched failing on the code before the fix: both damaged stores opened with two
 * events, {@code verifyDirectory} reported them intact, and a real torn tail was cut without keeping its bytes.
 */
class AcknowledgedCutRedTeamTest {
    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:30:00Z"));

    private Path segment() {
        return SegmentFile.path(directory, 1);
    }

    private void appendThreeAndClose() {
        try (FileAuditStore store = new FileAuditStore(directory, clock)) {
            for (int i = 0; i < 3; i++) {
                store.append(NewEvent.builder(AuditEventType.PROMOTION_REQUESTED, "alice", ActorKind.HUMAN)
                        .correlationId("c" + i).build());
            }
        }
    }

    @Test
    void shouldRefuseToCutAnAcknowledgedRecordWhoseCrcNoLongerMatches() throws IOException {
        appendThreeAndClose();
        long third = TamperedFiles.frameOffsets(segment()).get(2);
        TamperedFiles.flipByte(segment(), third + 60);
        long size = Files.size(segment());

        assertThatThrownBy(() -> new FileAuditStore(directory, clock)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("segment-000001.log@" + third).hasMessageContaining("acknowledged");
        assertThat(Files.size(segment())).as("nothing was cut").isEqualTo(size);
        ChainReport report = ChainVerifier.verifyDirectory(directory);
        assertThat(report.isIntact()).as(report.summary()).isFalse();
        assertThat(report.firstBrokenLink().describe()).contains("segment-000001.log@" + third);
    }

    @Test
    void shouldRefuseToOpenAndFailVerificationWhenAcknowledgedRecordsWereCutOff() throws IOException {
        appendThreeAndClose();
        long third = TamperedFiles.frameOffsets(segment()).get(2);
        try (FileChannel channel = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
            channel.truncate(third);
        }

        ChainReport report = ChainVerifier.verifyDirectory(directory);
        assertThat(report.isIntact()).as(report.summary()).isFalse();
        assertThat(report.firstBrokenLink().problem()).isEqualTo(ChainReport.Problem.ACKNOWLEDGED_RECORD_MISSING);
        assertThat(report.firstBrokenLink().describe()).contains("sequence 3", "segment-000001.log@" + third);
        assertThatThrownBy(() -> new FileAuditStore(directory, clock)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("sequence 3").hasMessageContaining("acknowledged");
    }

    @Test
    void shouldKeepTheBytesOfACutTornTailAsideAndLogTheRecovery() throws IOException {
        appendThreeAndClose();
        byte[] torn = {0, 0, 1, 0, 1, 2, 3, 4, 1, 0, 0};
        long end = Files.size(segment());
        Files.write(segment(), torn, StandardOpenOption.APPEND);
        List<LogRecord> logged = new ArrayList<>();
        Logger logger = Logger.getLogger(FileAuditStore.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (FileAuditStore reopened = new FileAuditStore(directory, clock)) {
            assertThat(reopened.lastSequence()).isEqualTo(3);
            RecoveryReport report = reopened.recoveryReport();
            assertThat(report.cutTornTail()).isTrue();
            assertThat(report.keptBytes()).isNotNull();
            assertThat(Files.readAllBytes(report.keptBytes())).containsExactly(torn);
            assertThat(report.keptBytes().getFileName().toString()).contains("segment-000001.log@" + end);
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(logged).anySatisfy(record -> assertThat(record.getMessage()).contains("Cut a torn tail of 11 bytes",
                "kept in"));
    }
}
