package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing reported failed becomes durable (issue 16: "a record-deployment that exited 2 is durable and counts for
 * promotion order"; "APPROVAL_GRANTED 2 of 2 is durable" after the approve reported STORE_UNAVAILABLE). Watched
 * failing before the store cut the frames of a failed group: the deployment was read back after reopening.
 */
class FileAuditStoreFullDiskTest {
    private static final Digest APP = Digest.sha256("a".repeat(64));

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));

    @Test
    void shouldLeaveNoTraceOfAWriteThatFailedOnAFullDisk() {
        AtomicBoolean full = new AtomicBoolean();
        try (FileAuditStore store = new FileAuditStore(directory, clock, FileAuditStore.DEFAULT_SEGMENT_BYTES,
                channel -> new FullDiskChannel(channel, full))) {
            store.append(deployment("shop#41/staging"));
            full.set(true);

            assertThatThrownBy(() -> store.appendAll(List.of(deployment("shop#42/staging"))))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("No space left");
        }

        try (FileAuditStore reopened = new FileAuditStore(directory, clock)) {
            assertThat(reopened.lastSequence()).isEqualTo(1);
            assertThat(reopened.byCorrelationId("shop#42/staging")).isEmpty();
            assertThat(ChainVerifier.verify(reopened).isIntact()).isTrue();
            reopened.append(deployment("shop#43/staging"));
            assertThat(reopened.lastSequence()).isEqualTo(2);
        }
    }

    private static NewEvent deployment(String correlationId) {
        return NewEvent.builder(AuditEventType.DEPLOYMENT, "ci", ActorKind.SYSTEM).correlationId(correlationId)
                .environment("staging").digest(APP).put(PayloadKeys.DEPLOYMENT_OUTCOME, "SUCCESS").build();
    }
}
