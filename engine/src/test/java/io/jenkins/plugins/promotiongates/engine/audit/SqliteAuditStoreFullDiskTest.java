package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing reported failed becomes durable, as {@link FileAuditStoreFullDiskTest} demands of the file store. The full
 * disk is {@code PRAGMA max_page_count} (SQLITE_FULL, deterministic, no root needed for a size-limited filesystem):
 * SQLite reports the same error for a database at its page limit as for a full filesystem, and rolls the
 * transaction back in both cases.
 */
class SqliteAuditStoreFullDiskTest {
    private static final Digest APP = Digest.sha256("a".repeat(64));

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));

    @Test
    void shouldLeaveNoTraceOfAWriteThatFailedOnAFullDisk() {
        long pages;
        try (SqliteAuditStore store = new SqliteAuditStore(directory, clock)) {
            store.append(deployment("shop#41/staging", "x"));
            pages = directory.resolve(SqliteAuditStore.FILE_NAME).toFile().length() / 4096;
        }
        // the schema and one event fill the file's pages; a large event needs more than the limit allows
        try (SqliteAuditStore store = new SqliteAuditStore(directory, clock, Duration.ofSeconds(1), (int) pages + 2)) {
            assertThatThrownBy(() -> store.appendAll(List.of(deployment("shop#42/staging", "y".repeat(200_000)))))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("full");
            assertThat(store.lastSequence()).isEqualTo(1);
        }

        try (SqliteAuditStore reopened = new SqliteAuditStore(directory, clock)) {
            assertThat(reopened.lastSequence()).isEqualTo(1);
            assertThat(reopened.byCorrelationId("shop#42/staging")).isEmpty();
            assertThat(reopened.lastSuccessfulDeployment(APP, "staging")).isPresent();
            assertThat(ChainVerifier.verify(reopened).isIntact()).isTrue();
            reopened.append(deployment("shop#43/staging", "z"));
            assertThat(reopened.lastSequence()).isEqualTo(2);
        }
    }

    private static NewEvent deployment(String correlationId, String detail) {
        return NewEvent.builder(AuditEventType.DEPLOYMENT, "ci", ActorKind.SYSTEM).correlationId(correlationId)
                .environment("staging").digest(APP).put(PayloadKeys.DEPLOYMENT_OUTCOME, "SUCCESS")
                .put(PayloadKeys.DETAIL, detail).build();
    }
}
