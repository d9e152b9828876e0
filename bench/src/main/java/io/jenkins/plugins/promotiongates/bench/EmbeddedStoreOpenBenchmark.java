package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Issue 18 "open cost independent of history": what one CLI {@code pending} costs the store, open the store + list
 * the pending approvals + close, for each embedded {@link #engine} at {@link #events} = 0 (the baseline of the same
 * run), 10,000, 100,000 and 1,000,000 events (target: ≤ 1.5× the empty store). The stores are written once
 * ({@link EmbeddedStores#withHistory}) and reused; every open is a fresh open of the files, as in a new process
 * (the OS page cache stays warm, as it does for a CLI run right after another).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class EmbeddedStoreOpenBenchmark {
    @Param({"segment", "sqlite"})
    public String engine;

    @Param({"0", "10000", "100000", "1000000"})
    public int events;

    @Param({"bench/target"})
    public String dir;

    private Path storeDirectory;

    @Setup(Level.Trial)
    public void writeHistory() throws IOException {
        storeDirectory = EmbeddedStores.withHistory(engine, events, Paths.get(dir).toAbsolutePath());
    }

    @Benchmark
    public List<String> openAndPending() {
        try (AuditStore store = EmbeddedStores.open(engine, storeDirectory)) {
            return store.pendingApprovalCorrelationIds();
        }
    }
}
