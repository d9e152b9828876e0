package io.jenkins.plugins.promotiongates.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operations per second of the benchmark thread's CPU time, per iteration (secondary metric
 * {@code opsPerCpuSecond}). On a machine shared with other builds, wall-clock throughput also counts the time the
 * thread waited for a core; CPU time does not, so this is the rate of one core. It leaves out the CPU that JIT and GC
 * threads spend, so it is an upper bound of what a fully loaded single core gives. The benchmark method counts its
 * calls in {@link #calls}; iteration setup and tear-down run on the benchmark thread.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Reported by JMH; computed at the end of each iteration. */
    public double opsPerCpuSecond;
    long calls;
    private long startNanos;

    @Setup(Level.Iteration)
    public void start() {
        calls = 0;
        startNanos = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
        long cpu = THREADS.getCurrentThreadCpuTime() - startNanos;
        opsPerCpuSecond = cpu > 0 ? calls * 1e9 / cpu : 0;
    }
}
