package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * As {@link FileAuditStoreCrashTest}: a child JVM appends from several threads and prints every acknowledged event;
 * it is killed (SIGKILL) mid-run. Meanwhile this JVM appends to and reads the same file (many processes, readers that
 * never wait). Reopening must find an intact chain holding every acknowledged event of both processes.
 */
class SqliteAuditStoreCrashTest {
    private static final int ACKS_BEFORE_KILL = 400;
    @TempDir
    Path directory;

    @Test
    void shouldKeepEveryAcknowledgedEventOfEveryProcessWhenAWriterIsKilled() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Long, String> acknowledged = new HashMap<>();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:30:00Z"));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine(); // the child has created the store
            try (SqliteAuditStore parent = new SqliteAuditStore(directory, clock)) {
                while (acknowledged.size() < ACKS_BEFORE_KILL && line != null) {
                    String[] parts = line.split(" ", -1);
                    acknowledged.put(Long.parseLong(parts[0]), parts[1]);
                    if (acknowledged.size() % 50 == 0) {
                        AuditEvent mine = parent.append(NewEvent.builder(AuditEventType.PROMOTION_REQUESTED, "parent",
                                ActorKind.HUMAN).correlationId("parent-" + acknowledged.size()).build());
                        acknowledged.put(mine.sequence(), mine.eventId());
                        // a committed prefix, read while the child writes
                        assertThat(parent.lastSequence()).isGreaterThanOrEqualTo(mine.sequence());
                    }
                    line = out.readLine();
                }
            }
            assertThat(child.isAlive()).isTrue();
            child.destroyForcibly(); // SIGKILL on Linux, mid-run
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (SqliteAuditStore reopened = new SqliteAuditStore(directory, new MutableClock(Instant.parse("2026-11-25T03:00:00Z")))) {
            ChainReport report = ChainVerifier.verify(reopened);
            assertThat(report.isIntact()).as(report.summary()).isTrue();
            Map<Long, String> stored = new HashMap<>();
            reopened.scan(0, event -> stored.put(event.sequence(), event.eventId()));
            assertThat(stored).containsAllEntriesOf(acknowledged);
            assertThat(reopened.append(NewEvent.builder(AuditEventType.PROMOTION_REQUESTED, "alice", ActorKind.HUMAN)
                    .correlationId("after-crash").build()).sequence()).isEqualTo(stored.size() + 1);
            System.out.printf("sqlite crash test: %d acknowledged, %d stored%n", acknowledged.size(), stored.size());
        }
    }

    /** The child process: appends forever from four threads, printing "sequence eventId" after each acknowledgement. */
    static final class CrashingWriter {
        private CrashingWriter() {
        }

        public static void main(String[] args) {
            SqliteAuditStore store = new SqliteAuditStore(Path.of(args[0]), new MutableClock(Instant.parse("2026-11-25T02:00:00Z")));
            AuditEvent first = store.append(NewEvent.builder(AuditEventType.DECISION, "agent", ActorKind.AGENT)
                    .correlationId("c-first").outcome(Outcome.DENY).build());
            System.out.println(first.sequence() + " " + first.eventId());
            System.out.flush();
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
