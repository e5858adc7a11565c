package dev.exobridge.pool;

import java.time.Duration;
import java.util.Arrays;

/**
 * The last {@value #SIZE} borrow waits, for percentiles in {@link PoolMetrics}. A ring buffer:
 * memory stays fixed however long the pool runs, and the figures describe recent behaviour.
 */
final class WaitRecorder {
    static final int SIZE = 4096;
    private final long[] nanos = new long[SIZE];
    private long count;
    private long maxNanos;

    synchronized void record(long waitNanos) {
        nanos[(int) (count % SIZE)] = waitNanos;
        count++;
        maxNanos = Math.max(maxNanos, waitNanos);
    }

    /** Percentiles of the recorded waits, in the order asked ({@code 0 < p <= 100}); zeros when none. */
    synchronized Duration[] percentiles(double... ps) {
        int n = (int) Math.min(count, SIZE);
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        Duration[] out = new Duration[ps.length];
        for (int i = 0; i < ps.length; i++) {
            out[i] = n == 0 ? Duration.ZERO
                    : Duration.ofNanos(sorted[Math.min(n - 1, (int) Math.ceil(ps[i] / 100.0 * n) - 1)]);
        }
        return out;
    }

    /** The longest wait since the pool started. */
    synchronized Duration max() {
        return Duration.ofNanos(maxNanos);
    }
}
