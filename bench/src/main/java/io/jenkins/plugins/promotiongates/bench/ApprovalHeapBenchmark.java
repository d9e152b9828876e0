package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.approval.ApprovalBinding;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequest;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.approval.PendingApprovals;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
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
 * requester, deadline). {@code ours}: {@link PendingApprovals} holding {@code count} {@link ApprovalRequest}s as
 * the service creates them (binding to run, environment, digest and policy hash; requirement of two approvals from
 * distinct groups; requester, run starter and two commit authors), each with its own run, digest and requester.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsAppend = "-Xmx512m")
public class ApprovalHeapBenchmark {
    @Param({"10000"})
    public int count;

    @Param({"hashMap", "ours"})
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
            case "ours" -> () -> pendingApprovalsOf(count);
            default -> throw new IllegalArgumentException("Unknown impl '" + impl + "': expected hashMap or ours");
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

    static PendingApprovals pendingApprovalsOf(int count) {
        Instant start = Instant.parse("2026-11-25T03:00:00Z");
        PendingApprovals pending = new PendingApprovals(Clock.fixed(start, ZoneOffset.UTC));
        ApprovalRequirement requirement = new ApprovalRequirement(2, Set.of("release-managers", "sre"), true,
                Duration.ofHours(24));
        String policyHash = String.format(Locale.ROOT, "%064x", 42);
        for (int i = 0; i < count; i++) {
            String run = "shop/service-" + (i % 500) + "#" + i;
            Digest digest = new Digest(Digest.Algorithm.SHA256, String.format(Locale.ROOT, "%064x", (long) i * 31));
            ApprovalBinding binding = new ApprovalBinding(run, "production", List.of(digest), policyHash);
            String requester = String.format(Locale.ROOT, "agent-%04d", i % 1000);
            pending.add(new ApprovalRequest(run + "/production", binding, requirement, Requester.agent(requester),
                    "user-" + (i % 300), List.of("author-" + (i % 700), "author-" + ((i + 1) % 700)),
                    start.plusSeconds(i)));
        }
        return pending;
    }

    static String approvalId(int i) {
        return String.format(Locale.ROOT, "apr-%08x-%04d", i * 2_654_435_761L & 0xffffffffL, i % 10_000);
    }

    static String pendingValue(int i) {
        return String.format(Locale.ROOT, "req-%d|sha256:%064x|production|agent-%04d|2026-11-25T03:%02d:00Z",
                i, (long) i * 31, i % 1000, i % 60);
    }
}
