package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileAuditStoreTest extends AbstractAuditStoreTest {
    private static final AtomicInteger STORES = new AtomicInteger();
    @TempDir
    Path temp;

    @Override
    protected AuditStore createStore(Clock clock) {
        return new FileAuditStore(temp.resolve("store-" + STORES.incrementAndGet()), clock);
    }

    private Path directory() {
        return ((FileAuditStore) store()).directory();
    }

    private FileAuditStore reopen() {
        store().close();
        return new FileAuditStore(directory(), clock());
    }

    @Test
    void shouldRebuildEveryIndexWhenReopened() throws DuplicateEventException {
        store().append(event(AuditEventType.APPROVAL_REQUESTED, "c1").build());
        store().append(deployment("c0", APP, "staging", "SUCCESS"));
        store().recordPolicy(POLICY_V1, "version: 1\n", "admin");
        store().appendUnique(event(AuditEventType.APPROVAL_CONSUMED, "c1").uniqueKey(UniqueKeys.approvalConsumed("c1")).build());

        try (FileAuditStore reopened = reopen()) {
            assertThat(reopened.recoveryReport().events()).isEqualTo(4);
            assertThat(reopened.recoveryReport().cutTornTail()).isFalse();
            assertThat(reopened.pendingApprovalCorrelationIds()).containsExactly("c1");
            assertThat(reopened.lastSuccessfulDeployment(APP, "staging")).contains(START);
            assertThat(reopened.currentPolicy()).map(PolicyVersion::hash).contains(POLICY_V1);
            assertThat(reopened.byCorrelationId("c1")).hasSize(2);
            assertThatThrownBy(() -> reopened.appendUnique(event(AuditEventType.APPROVAL_CONSUMED, "c1")
                    .uniqueKey(UniqueKeys.approvalConsumed("c1")).build())).isInstanceOf(DuplicateEventException.class);
            assertThat(reopened.append(event(AuditEventType.DECISION, "c1").outcome(Outcome.ALLOW).policyHash(POLICY_V1)
                    .build()).sequence()).isEqualTo(5);
        }
        assertThat(ChainVerifier.verifyDirectory(directory()).eventsVerified()).isEqualTo(5);
    }

    @Test
    void shouldKeepABatchAfterReopening() {
        java.util.List<AuditEvent> batch = store().appendAll(java.util.List.of(
                event(AuditEventType.PROMOTION_REQUESTED, "c1").build(),
                event(AuditEventType.DECISION, "c1").outcome(Outcome.ALLOW).build()));

        try (FileAuditStore reopened = reopen()) {
            assertThat(reopened.recoveryReport().cutTornTail()).isFalse();
            assertThat(reopened.byCorrelationId("c1")).containsExactlyElementsOf(batch);
            assertThat(reopened.append(event(AuditEventType.DEPLOYMENT, "c1").build()).prevHash())
                    .isEqualTo(batch.get(1).hash());
        }
        assertThat(ChainVerifier.verifyDirectory(directory()).eventsVerified()).isEqualTo(3);
    }

    @Test
    void shouldAppendNothingOfABatchWithAnEventTooLargeToStore() {
        store().append(event(AuditEventType.PROMOTION_REQUESTED, "c0").build());
        String mebibyte = "x".repeat(1024 * 1024);
        NewEvent.Builder huge = event(AuditEventType.DECISION, "c1").outcome(Outcome.ALLOW);
        for (int i = 0; i < 17; i++) {
            huge.put("part" + i, mebibyte);
        }

        assertThatThrownBy(() -> store().appendAll(java.util.List.of(
                event(AuditEventType.PROMOTION_REQUESTED, "c1").build(), huge.build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes; at most");

        assertThat(store().lastSequence()).isEqualTo(1);
        assertThat(store().byCorrelationId("c1")).isEmpty();
        AuditEvent next = store().append(event(AuditEventType.PROMOTION_REQUESTED, "c2").build());
        assertThat(next.sequence()).isEqualTo(2);
        try (FileAuditStore reopened = reopen()) {
            assertThat(reopened.lastSequence()).isEqualTo(2);
        }
        assertThat(ChainVerifier.verifyDirectory(directory()).eventsVerified()).isEqualTo(2);
    }

    @Test
    void shouldCutATornTailWithAWarningAndKeepEveryAcknowledgedEvent() throws IOException {
        for (int i = 0; i < 3; i++) {
            store().append(event(AuditEventType.PROMOTION_REQUESTED, "c" + i).build());
        }
        store().close();
        Path segment = SegmentFile.path(directory(), 1);
        long intact = Files.size(segment);
        // The first bytes of a frame whose body never made it to disk.
        Files.write(segment, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 1, 0, 0}, StandardOpenOption.APPEND);

        ChainReport before = ChainVerifier.verifyDirectory(directory());
        assertThat(before.isIntact()).isTrue();
        assertThat(before.warnings()).singleElement().asString().contains("torn tail of 11");

        try (FileAuditStore reopened = new FileAuditStore(directory(), clock())) {
            RecoveryReport report = reopened.recoveryReport();
            assertThat(report.cutTornTail()).isTrue();
            assertThat(report.tornTailOffset()).isEqualTo(intact);
            assertThat(report.discardedBytes()).isEqualTo(11);
            assertThat(report.warnings()).singleElement().asString().contains("Cut a torn tail of 11 bytes");
            assertThat(reopened.lastSequence()).isEqualTo(3);
            assertThat(reopened.append(event(AuditEventType.PROMOTION_REQUESTED, "c3").build()).sequence()).isEqualTo(4);
        }
        ChainReport after = ChainVerifier.verifyDirectory(directory());
        assertThat(after.isIntact()).isTrue();
        assertThat(after.warnings()).isEmpty();
        assertThat(after.eventsVerified()).isEqualTo(4);
    }

    @Test
    void shouldRefuseToOpenWhenARecordBeforeTheTailIsDamaged() throws IOException {
        for (int i = 0; i < 3; i++) {
            store().append(event(AuditEventType.PROMOTION_REQUESTED, "c" + i).build());
        }
        store().close();
        Path segment = SegmentFile.path(directory(), 1);
        long secondFrame = TamperedFiles.frameOffsets(segment).get(1);
        TamperedFiles.flipByte(segment, secondFrame + 60);

        assertThatThrownBy(() -> new FileAuditStore(directory(), clock()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("CRC32C mismatch at segment-000001.log@" + secondFrame)
                .hasMessageContaining("intact records after it");
    }

    @Test
    void shouldReplayRecordsLargerThanTheReadBuffer() {
        String policy = "é".repeat(NewEvent.MAX_PAYLOAD_VALUE);
        store().append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        store().recordPolicy(PolicyVersion.hashOf(policy), policy, "admin");
        store().append(event(AuditEventType.PROMOTION_REQUESTED, "c2").build());

        try (FileAuditStore reopened = reopen()) {
            assertThat(reopened.currentPolicy()).map(PolicyVersion::content).contains(policy);
            assertThat(reopened.byCorrelationId("c2")).hasSize(1);
        }
        assertThat(ChainVerifier.verifyDirectory(directory()).eventsVerified()).isEqualTo(3);
    }

    @Test
    void shouldShareADirectoryBetweenTwoStoresThatSeeEachOthersAppends() {
        store().append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        try (FileAuditStore other = new FileAuditStore(directory(), clock())) {
            assertThat(other.byCorrelationId("c1")).hasSize(1);
            AuditEvent second = other.append(event(AuditEventType.PROMOTION_REQUESTED, "c2").build());
            AuditEvent third = store().append(event(AuditEventType.PROMOTION_REQUESTED, "c3").build());

            assertThat(second.sequence()).isEqualTo(2);
            assertThat(third.sequence()).isEqualTo(3);
            assertThat(third.prevHash()).isEqualTo(second.hash());
            assertThat(store().byCorrelationId("c2")).singleElement().isEqualTo(second);
            assertThat(other.lastSequence()).isEqualTo(3);
        }
        assertThat(ChainVerifier.verifyDirectory(directory()).eventsVerified()).isEqualTo(3);
    }

    @Test
    void shouldReadOnlyUpToTheCommitPointerWhileAnotherWriterHoldsTheLock() throws IOException {
        AuditEvent first = store().append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        store().append(event(AuditEventType.PROMOTION_REQUESTED, "c2").build());
        store().close();
        // The second frame is durable but its group not yet committed: the state of a writer between its fsync and
        // moving the pointer (or one killed there).
        long second = TamperedFiles.frameOffsets(SegmentFile.path(directory(), 1)).get(1);
        Files.delete(directory().resolve(AcknowledgementFile.NAME));
        try (AcknowledgementFile pointer = AcknowledgementFile.open(directory())) {
            pointer.write(new AcknowledgementFile.Ack(1, CanonicalEncoding.parseHash(first.hash()), 1, second));
        }

        try (FileChannel lockFile = FileChannel.open(directory().resolve("audit.lock"), StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = lockFile.lock();
                FileAuditStore reader = new FileAuditStore(directory(), clock())) {
            assertThat(held.isValid()).isTrue();
            assertThat(reader.lastSequence()).as("nothing after the commit pointer").isEqualTo(1);
            assertThat(reader.byCorrelationId("c2")).isEmpty();
            assertThat(reader.recoveryReport().cutTornTail()).isFalse();
        }
        try (FileAuditStore writer = new FileAuditStore(directory(), clock())) {
            // with the lock free, opening takes it: the intact frame after the pointer is the log's, and is kept
            assertThat(writer.lastSequence()).isEqualTo(2);
            assertThat(writer.append(event(AuditEventType.PROMOTION_REQUESTED, "c3").build()).sequence()).isEqualTo(3);
        }
        assertThat(AcknowledgementFile.read(directory()).sequence()).isEqualTo(3);
        assertThat(ChainVerifier.verifyDirectory(directory()).isIntact()).isTrue();
    }

    @Test
    void shouldFailAnAppendAsBusyWhenAnotherStoreHoldsTheWriterLockTooLong() throws IOException {
        store().append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        try (FileChannel lockFile = FileChannel.open(directory().resolve("audit.lock"), StandardOpenOption.WRITE);
                FileAuditStore impatient = new FileAuditStore(directory(), clock(), java.time.Duration.ofMillis(50))) {
            // a lock of this JVM: the store sees it as another store of the directory appending (OverlappingFileLock)
            java.nio.channels.FileLock held = lockFile.lock();
            assertThatThrownBy(() -> impatient.append(event(AuditEventType.PROMOTION_REQUESTED, "c2").build()))
                    .isInstanceOf(StoreBusyException.class).hasMessageContaining("locked by another process")
                    .hasMessageStartingWith("the writer lock stayed held for 50 ms, nothing was written");
            assertThat(impatient.byCorrelationId("c1")).as("reads never wait for the writer lock").hasSize(1);
            held.release();
            assertThat(impatient.append(event(AuditEventType.PROMOTION_REQUESTED, "c2").build()).sequence())
                    .isEqualTo(2);
        }
    }

    @Test
    void shouldRollOverToNewSegmentsAndReadAcrossThem() {
        Path directory = temp.resolve("small-segments");
        try (FileAuditStore small = new FileAuditStore(directory, clock(), 2_000)) {
            for (int i = 0; i < 40; i++) {
                small.append(event(AuditEventType.PROMOTION_REQUESTED, "c" + (i % 4)).build());
            }
            assertThat(small.byCorrelationId("c1")).hasSize(10);
        }
        assertThat(directory.resolve("segment-000003.log")).exists();
        try (FileAuditStore reopened = new FileAuditStore(directory, clock(), 2_000)) {
            assertThat(reopened.since(0, 100)).hasSize(40);
            assertThat(reopened.append(event(AuditEventType.PROMOTION_REQUESTED, "c9").build()).sequence()).isEqualTo(41);
        }
        assertThat(ChainVerifier.verifyDirectory(directory).eventsVerified()).isEqualTo(41);
    }

    @Test
    void shouldFinishAnAppendEvenWhenTheCallerIsInterrupted() {
        Thread.currentThread().interrupt();
        try {
            AuditEvent event = store().append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(event.sequence()).isEqualTo(1);
        } finally {
            Thread.interrupted();
        }
        assertThat(store().byCorrelationId("c1")).hasSize(1);
    }

    @Test
    void shouldRefuseAppendsAfterClose() {
        store().close();

        assertThatThrownBy(() -> store().append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("closed");
    }
}
