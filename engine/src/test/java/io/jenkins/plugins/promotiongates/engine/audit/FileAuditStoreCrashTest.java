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

/**
 * Child JVMs append from several threads and print every acknowledged event; they are killed (SIGKILL) mid-run.
 * A reader opened while they write sees a verified prefix holding everything acknowledged before it opened;
 * reopening after the kill must verify the chain and find every acknowledged event.
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
            Map<Long, String> seenSoFar = Map.copyOf(acknowledged);
            try (FileAuditStore reader = new FileAuditStore(directory, new MutableClock(Instant.EPOCH))) {
                ChainReport prefix = ChainVerifier.verify(reader);
                assertThat(prefix.isIntact()).as(prefix.summary()).isTrue();
                Map<Long, String> read = new HashMap<>();
                reader.scan(0, event -> read.put(event.sequence(), event.eventId()));
                assertThat(read).containsAllEntriesOf(seenSoFar);
            }
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

    @Test
    void shouldKeepEveryAcknowledgedEventOfTwoWritingProcessesWhenOneIsKilled() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process first = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), directory.toString(), "a")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Process second = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), directory.toString(), "b")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Long, String> acknowledged = new HashMap<>();
        try (BufferedReader a = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
                BufferedReader b = new BufferedReader(new InputStreamReader(second.getInputStream(),
                        StandardCharsets.UTF_8))) {
            int fromA = readAcknowledged(a, ACKS_BEFORE_KILL / 2, acknowledged);
            int fromB = readAcknowledged(b, ACKS_BEFORE_KILL / 2, acknowledged);
            assertThat(first.isAlive()).isTrue();
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // the survivor goes on appending after the killed writer (which may have died holding the lock)
            fromB += readAcknowledged(b, ACKS_BEFORE_KILL / 2, acknowledged);
            assertThat(fromA).isEqualTo(ACKS_BEFORE_KILL / 2);
            assertThat(fromB).isEqualTo(ACKS_BEFORE_KILL);
            second.destroyForcibly();
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("two processes never acknowledge the same sequence").hasSize(
                (int) acknowledged.values().stream().distinct().count());
        try (FileAuditStore reopened = new FileAuditStore(directory, new MutableClock(Instant.parse("2026-11-25T03:00:00Z")))) {
            ChainReport report = ChainVerifier.verify(reopened);
            assertThat(report.isIntact()).as(report.summary()).isTrue();
            Map<Long, String> stored = new HashMap<>();
            reopened.scan(0, event -> stored.put(event.sequence(), event.eventId()));
            assertThat(stored).containsAllEntriesOf(acknowledged);
        }
    }

    /** Reads {@code count} acknowledgements of a child into {@code acknowledged}; returns how many it read. */
    private static int readAcknowledged(BufferedReader out, int count, Map<Long, String> acknowledged)
            throws IOException {
        int read = 0;
        String line;
        while (read < count && (line = out.readLine()) != null) {
            String[] parts = line.split(" ", -1);
            String previous = acknowledged.put(Long.parseLong(parts[0]), parts[1]);
            assertThat(previous).as("sequence " + parts[0] + " acknowledged twice").isNull();
            read++;
        }
        return read;
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
                                ActorKind.AGENT).correlationId("c-" + (args.length > 1 ? args[1] : "") + thread + "-" + i).outcome(Outcome.DENY)
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
