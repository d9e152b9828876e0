package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A child JVM appends from several threads and prints every acknowledged event; it is killed (SIGKILL) mid-run.
 * Reopening must verify the chain and find every acknowledged event.
 */
class FileAuditStoreCrashTest {
    private static final int ACKS_BEFORE_KILL = 400;
    @TempDir
    Path directory;

    @Test
    void shouldKeepEveryAcknowledgedEventWhenTheWriterIsKilled() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Long, String> acknowledged = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                String[] parts = line.split(" ", -1);
                acknowledged.put(Long.parseLong(parts[0]), parts[1]);
            }
            // Kill mid-run: the child is still appending (destroyForcibly is SIGKILL on Linux).
            assertThat(child.isAlive()).isTrue();
            assertThatThrownBy(() -> new FileAuditStore(directory, new MutableClock(Instant.EPOCH)))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("locked by another process");
            child.destroyForcibly();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        // The acknowledgement record covers every event the child was told about, so none can be cut as torn.
        long newestAcknowledged = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(AcknowledgementFile.read(directory).sequence()).isGreaterThanOrEqualTo(newestAcknowledged);

        try (FileAuditStore reopened = new FileAuditStore(directory, new MutableClock(Instant.parse("2026-11-25T03:00:00Z")))) {
            ChainReport report = ChainVerifier.verify(reopened);
            assertThat(report.isIntact()).as(report.summary()).isTrue();
            Map<Long, String> stored = new HashMap<>();
            reopened.scan(0, event -> stored.put(event.sequence(), event.eventId()));
            assertThat(stored).containsAllEntriesOf(acknowledged);
            assertThat(reopened.append(NewEvent.builder(AuditEventType.PROMOTION_REQUESTED, "alice", ActorKind.HUMAN)
                    .correlationId("after-crash").build()).sequence()).isEqualTo(stored.size() + 1);
            System.out.printf("crash test: %d acknowledged, %d stored, recovery: %s%n", acknowledged.size(),
                    stored.size(), reopened.recoveryReport().warnings());
        }
    }

    /** The child process: appends forever from four threads, printing "sequence eventId" after each acknowledgement. */
    static final class CrashingWriter {
        private CrashingWriter() {
        }

        public static void main(String[] args) {
            FileAuditStore store = new FileAuditStore(Path.of(args[0]), new MutableClock(Instant.parse("2026-11-25T02:00:00Z")));
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Thread writer = new Thread(() -> {
                    for (int i = 0; ; i++) {
                        AuditEvent event = store.append(NewEvent.builder(AuditEventType.DECISION, "agent-" + thread,
                                ActorKind.AGENT).correlationId("c-" + thread + "-" + i).outcome(Outcome.DENY)
                                .put(PayloadKeys.DETAIL, "x".repeat(i % 300)).build());
                        synchronized (System.out) {
                            System.out.println(event.sequence() + " " + event.eventId());
                            System.out.flush();
                        }
                    }
                });
                writer.start();
            }
        }
    }
}
