package io.jenkins.plugins.promotiongates.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Figure "pending approvals held in memory: 10,000 in &lt; 50 MB heap". Each single-shot iteration builds
 * {@link #count} pending entries and reports the heap they retain ({@link RetainedHeap}) as the secondary
 * metric {@code retainedBytes}; the primary score (time to build) is not a figure.
 *
 * <p>Baseline {@code hashMap}: the same count of plain {@code HashMap<String,String>} entries, key an approval
 * id, value one string with what a pending approval must remember (request, artifact digest, environment,
 * requester, deadline). To add our store at merge, add {@code "ours"} to {@link #impl} and an entry in
 * {@link #builder} that fills the approval store with {@code count} pending approvals and returns it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsAppend = "-Xmx512m")
public class ApprovalHeapBenchmark {
    @Param({"10000"})
    public int count;

    @Param({"hashMap"})
    public String impl;

    private final RetainedHeap retainedHeap = new RetainedHeap();
    private Supplier<?> builder;

    /** Reported by JMH next to the score, once per iteration; the report takes the mean. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap {
        public long retainedBytes;
    }

    @Setup(Level.Trial)
    public void chooseBuilder() {
        builder = switch (impl) {
            case "hashMap" -> () -> hashMapOf(count, ApprovalHeapBenchmark::pendingValue);
            default -> throw new IllegalArgumentException("Unknown impl '" + impl + "': expected hashMap");
        };
    }

    @Benchmark
    public void retain(Heap heap) throws InterruptedException {
        heap.retainedBytes = retainedHeap.of(builder);
    }

    static Map<String, String> hashMapOf(int count, IntFunction<String> value) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(approvalId(i), value.apply(i));
        }
        return map;
    }

    static String approvalId(int i) {
        return String.format(Locale.ROOT, "apr-%08x-%04d", i * 2_654_435_761L & 0xffffffffL, i % 10_000);
    }

    static String pendingValue(int i) {
        return String.format(Locale.ROOT, "req-%d|sha256:%064x|production|agent-%04d|2026-11-25T03:%02d:00Z",
                i, (long) i * 31, i % 1000, i % 60);
    }
}
