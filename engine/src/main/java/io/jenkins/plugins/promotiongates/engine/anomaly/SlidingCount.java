package io.jenkins.plugins.promotiongates.engine.anomaly;

/**
 * Counts events in a sliding window up to a threshold, in a ring of {@code threshold} timestamps. An event at
 * time {@code e} counts at time {@code t} while {@code t - e < window}: the window is the half-open interval
 * ({@code t - window}, {@code t}], so an event exactly one window old has left it. When the count reaches the
 * threshold the caller raises a signal and the count starts again from zero, so a signal stands for that many
 * fresh events. Each event is added and evicted once: O(1) amortised, and memory is bounded by the threshold.
 */
final class SlidingCount {
    private final long[] times;
    private final long windowMillis;
    private int head;
    private int size;

    SlidingCount(int threshold, long windowMillis) {
        this.times = new long[threshold];
        this.windowMillis = windowMillis;
    }

    private SlidingCount(SlidingCount other) {
        this.times = other.times.clone();
        this.windowMillis = other.windowMillis;
        this.head = other.head;
        this.size = other.size;
    }

    /** An independent copy holding the same events. */
    SlidingCount copy() {
        return new SlidingCount(this);
    }

    /**
     * Adds an event at {@code millis} (never earlier than the previous one) and tells whether the window now holds
     * the threshold; if it does, the count is reset.
     */
    boolean addAndCheck(long millis) {
        while (size > 0 && millis - times[head] >= windowMillis) {
            head = (head + 1) % times.length;
            size--;
        }
        times[(head + size) % times.length] = millis;
        size++;
        if (size == times.length) {
            head = 0;
            size = 0;
            return true;
        }
        return false;
    }

    /** How many events are held now (since the last reset), for comparing two detectors' states. */
    int held() {
        return size;
    }
}
