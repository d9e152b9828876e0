package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract on SQLite, and what only a database file shared by several processes must do. */
class SqliteAuditStoreTest extends AbstractAuditStoreTest {
    @TempDir
    Path directory;

    @Override
    protected AuditStore createStore(Clock clock) {
        return new SqliteAuditStore(directory, clock);
    }

    @Test
    void shouldSeeEveryEventAnotherStoreOnTheSameFileAppendedAndChainAfterIt() throws DuplicateEventException {
        try (SqliteAuditStore other = new SqliteAuditStore(directory, clock())) {
            store().append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
            AuditEvent second = other.append(event(AuditEventType.APPROVAL_REQUESTED, "c1").build());
            AuditEvent third = store().appendUnique(event(AuditEventType.APPROVAL_CONSUMED, "c1")
                    .uniqueKey(UniqueKeys.approvalConsumed("c1#1")).build());

            assertThat(second.sequence()).isEqualTo(2);
            assertThat(third.prevHash()).isEqualTo(second.hash());
            assertThat(other.pendingApprovalCorrelationIds()).containsExactly("c1");
            assertThatThrownBy(() -> other.appendUnique(event(AuditEventType.APPROVAL_CONSUMED, "c1")
                    .uniqueKey(UniqueKeys.approvalConsumed("c1#1")).build()))
                    .isInstanceOf(DuplicateEventException.class);
            assertThat(ChainVerifier.verify(other).eventsVerified()).isEqualTo(3);
        }
    }

    @Test
    void shouldReportTheStoreBusyAndWriteNothingWhenAnotherWriterHoldsItPastTheBusyTimeout() throws SQLException {
        store().append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        try (SqliteAuditStore impatient = new SqliteAuditStore(directory, clock(), Duration.ofMillis(200));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(SqliteAuditStore.FILE_NAME));
                Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE"); // another process's write transaction in progress

            assertThatThrownBy(() -> impatient.append(event(AuditEventType.DECISION, "c1").outcome(Outcome.DENY).build()))
                    .isInstanceOf(StoreBusyException.class).hasMessageContaining("busy timeout of 200 ms")
                    .hasMessageContaining("nothing was written");
            // readers never wait for the writer
            assertThat(impatient.byCorrelationId("c1")).hasSize(1);
            assertThat(impatient.lastSequence()).isEqualTo(1);

            statement.execute("ROLLBACK");
            assertThat(impatient.append(event(AuditEventType.DECISION, "c1").outcome(Outcome.DENY).build()).sequence())
                    .isEqualTo(2);
        }
    }

    @Test
    void shouldRefuseToOpenAStoreWhoseLastEventWasEdited() throws SQLException {
        store().append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        store().append(event(AuditEventType.DECISION, "c1").outcome(Outcome.DENY).build());
        store().close();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(SqliteAuditStore.FILE_NAME));
                Statement statement = other.createStatement()) {
            statement.executeUpdate("UPDATE audit_event SET outcome = 'ALLOW' WHERE sequence = 2");
        }

        assertThatThrownBy(() -> new SqliteAuditStore(directory, clock()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("chain tail").hasMessageContaining("sequence 2");
        ChainReport report = SqliteAuditStore.verifyChain(directory, clock());
        assertThat(report.isIntact()).isFalse();
        assertThat(report.summary()).contains("2");
    }

    @Test
    void shouldKeepEverythingAcrossReopeningWithoutReplayingIt() {
        List<AuditEvent> written = store().appendAll(List.of(event(AuditEventType.PROMOTION_REQUESTED, "c1").build(),
                event(AuditEventType.APPROVAL_REQUESTED, "c1").build()));
        store().recordPolicy(POLICY_V1, "version: 1\n", "admin");
        store().close();

        try (SqliteAuditStore reopened = new SqliteAuditStore(directory, clock())) {
            assertThat(reopened.byCorrelationId("c1")).containsExactlyElementsOf(written);
            assertThat(reopened.pendingApprovalCorrelationIds()).containsExactly("c1");
            assertThat(reopened.currentPolicy()).map(PolicyVersion::hash).contains(POLICY_V1);
            assertThat(reopened.append(event(AuditEventType.DECISION, "c1").outcome(Outcome.ALLOW).build())
                    .prevHash()).isNotEqualTo(AuditEvent.GENESIS_HASH);
            assertThat(ChainVerifier.verify(reopened).isIntact()).isTrue();
        }
    }
}
