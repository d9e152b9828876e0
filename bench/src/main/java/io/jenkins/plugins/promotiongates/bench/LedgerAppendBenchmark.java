package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Figure "embedded ledger durable append, 8 concurrent writers ≥ 20,000 appends/s", next to
 * {@link FsyncBaselineBenchmark} (one fsync per append) in the same run. Eight threads append decision events to one
 * {@link FileAuditStore}; {@code append} returns only once the event is hash-chained, written and forced to disk,
 * so each writer has one append in flight, and the store's group commit can put at most eight appends behind one
 * fsync. The store lives under {@code bench/target} (a real disk; on tmpfs a force is free). {@link #engine} picks
 * the embedded engine (issue 18): {@code segment} ({@link FileAuditStore}) or {@code sqlite}
 * ({@link io.jenkins.plugins.promotiongates.engine.audit.SqliteAuditStore}: WAL, synchronous=FULL, group commit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerAppendBenchmark {
    @Param({"bench/target"})
    public String dir;

    @Param({"segment"})
    public String engine;

    private Path storeDirectory;
    private AuditStore store;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path base = Paths.get(dir).toAbsolutePath();
        Files.createDirectories(base);
        storeDirectory = Files.createTempDirectory(base, "ledger-bench-");
        store = EmbeddedStores.open(engine, storeDirectory);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        AuditChainBenchmark.deleteRecursively(storeDirectory);
    }

    @Benchmark
    @Threads(8)
    public AuditEvent append8Writers() {
        return store.append(LedgerEvents.decision(sequence.incrementAndGet()));
    }

    @Benchmark
    @Threads(1)
    public AuditEvent append1Writer() {
        return store.append(LedgerEvents.decision(sequence.incrementAndGet()));
    }
}
