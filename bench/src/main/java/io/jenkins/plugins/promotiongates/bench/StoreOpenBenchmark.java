package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.ZoneOffset;
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
 * Figure "open + {@code pending} costs the same at 10 k, 100 k and 1 M events as on an empty store (≤ 1.5×)" (issue
 * 18): what one CLI command does with the embedded store: open it (today: replay and verify the whole log), list
 * the pending approvals, close it. {@code events = 0} is the empty store, the baseline of the same run.
 *
 * <p>The stores are the decision chains of {@link AuditChainBenchmark} ({@code bench/target/audit-chain-EVENTS},
 * written on first use and kept). {@code -p store=DIR} measures an existing store directory instead (for comparing
 * engines on the same data; {@code events} is then only a label).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class StoreOpenBenchmark {
    @Param({"0", "10000", "100000", "1000000"})
    public int events;

    @Param({"bench/target"})
    public String dir;

    /** An existing store directory to measure instead of the generated chain; empty: the generated one. */
    @Param({""})
    public String store;

    private Path storeDirectory;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        if (!store.isEmpty()) {
            storeDirectory = Paths.get(store).toAbsolutePath();
            if (!Files.isDirectory(storeDirectory)) {
                throw new IllegalArgumentException("-p store=" + store + ": no such directory");
            }
        } else {
            storeDirectory = AuditChainBenchmark.chain(Paths.get(dir), events, false);
        }
    }

    @Benchmark
    public List<String> openAndListPending() {
        try (FileAuditStore opened = new FileAuditStore(storeDirectory, Clock.fixed(GateBenchmark.NOW, ZoneOffset.UTC))) {
            return opened.pendingApprovalCorrelationIds();
        }
    }
}
