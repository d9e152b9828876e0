package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.audit.ChainReport;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Figure "audit chain verification: 1,000,000 events &lt; 2 s": {@link ChainVerifier#verifyDirectory} (what
 * {@code promotion-gates audit verify} runs) over a {@link FileAuditStore} of {@link #events} decision events:
 * read every segment, re-encode nothing, hash every record and check each link, sequence and time.
 *
 * <p>The store is written through its public API ({@code append} from {@link #WRITERS} threads, so group commit
 * fills its batches) under {@code bench/target/audit-chain-EVENTS}, and kept for the next run once complete (a
 * {@code complete} marker holds the event count): writing a million durable events takes far longer than verifying
 * them. {@code -p rebuild=true} writes it afresh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class AuditChainBenchmark {
    private static final int WRITERS = 64;

    @Param({"1000000"})
    public int events;

    @Param({"bench/target"})
    public String dir;

    @Param({"false"})
    public boolean rebuild;

    private Path storeDirectory;

    @Setup(Level.Trial)
    public void writeChain() throws Exception {
        storeDirectory = chain(Paths.get(dir), events, rebuild);
    }

    /**
     * The store of {@code events} decision events under {@code base} ({@code audit-chain-EVENTS}), written now
     * unless a complete one is there (or {@code rebuild}).
     */
    static Path chain(Path base, int events, boolean rebuild) throws Exception {
        Path storeDirectory = base.toAbsolutePath().resolve("audit-chain-" + events);
        Path marker = storeDirectory.resolve("complete");
        if (!rebuild && Files.isRegularFile(marker)
                && Files.readString(marker, StandardCharsets.UTF_8).strip().equals(Integer.toString(events))) {
            return storeDirectory;
        }
        deleteRecursively(storeDirectory);
        AtomicLong next = new AtomicLong();
        try (FileAuditStore store = new FileAuditStore(storeDirectory, Clock.fixed(GateBenchmark.NOW, ZoneOffset.UTC))) {
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Thread writer = new Thread(() -> {
                    try {
                        for (long n = next.incrementAndGet(); n <= events; n = next.incrementAndGet()) {
                            store.append(LedgerEvents.decision(n));
                        }
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                });
                writer.start();
                writers.add(writer);
            }
            for (Thread writer : writers) {
                writer.join();
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("Writing the chain failed", failures.get(0));
            }
        }
        Files.writeString(marker, Integer.toString(events), StandardCharsets.UTF_8);
        return storeDirectory;
    }

    @Benchmark
    public ChainReport verifyChain() {
        ChainReport report = ChainVerifier.verifyDirectory(storeDirectory);
        if (!report.isIntact() || report.eventsVerified() != events) {
            throw new IllegalStateException("Expected an intact chain of " + events + " events: " + report.summary());
        }
        return report;
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }
}
