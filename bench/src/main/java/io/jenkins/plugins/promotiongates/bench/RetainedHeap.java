package io.jenkins.plugins.promotiongates.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.function.Supplier;

/**
 * Measures the heap a structure retains: used heap after a forced, settled GC, before and after building it
 * while a strong reference holds it.
 *
 * <p>Noise: {@link System#gc()} is a request (honoured by the default G1 as a full collection unless
 * {@code -XX:+DisableExplicitGC}); allocation by other threads (JIT compiler, JMH's own bookkeeping) between
 * the two readings lands in the difference. Collecting until two consecutive readings agree within 64 KiB keeps
 * the error to a few hundred KiB, small against the 50 MB target, and every reading is taken in a fresh
 * single-shot iteration so the spread shows in the JMH error column.
 */
final class RetainedHeap {
    private static final long SETTLED_BYTES = 64 * 1024;
    private static final int MAX_COLLECTIONS = 20;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    /** Bytes retained by what {@code builder} returns, measured while it is strongly reachable. */
    long of(Supplier<?> builder) throws InterruptedException {
        long before = settledUsedHeap();
        Object structure = builder.get();
        try {
            return settledUsedHeap() - before;
        } finally {
            Reference.reachabilityFence(structure);
        }
    }

    private long settledUsedHeap() throws InterruptedException {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            Thread.sleep(20);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < SETTLED_BYTES) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
