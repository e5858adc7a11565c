package dev.exobridge.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool's running totals, in one place: the pool, its leases and streams count here and
 * {@link PoolMetrics} reads them. Thread-safe (each counter is atomic; a snapshot may be a moment
 * apart between counters).
 */
final class PoolCounters {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong retirements = new AtomicLong();
    private final AtomicLong startFailures = new AtomicLong();
    private final WaitRecorder waits = new WaitRecorder();

    /** A call was submitted (a retried call counts once). */
    void call() {
        calls.incrementAndGet();
    }

    /** A call ended with an exception. */
    void error() {
        errors.incrementAndGet();
    }

    /** An idempotent call runs again after a crash. */
    void retry() {
        retries.incrementAndGet();
    }

    /** A session left the pool: replaced (broken) or retired (old, worn, idle). */
    void left(boolean replaced) {
        (replaced ? restarts : retirements).incrementAndGet();
    }

    /** A session start or warm-up failed. */
    void startFailed() {
        startFailures.incrementAndGet();
    }

    /** A borrower waited this long for its session. */
    void waited(long nanos) {
        waits.record(nanos);
    }

    /** The figures with the pool's gauges, taken under the pool's lock by the caller. */
    PoolMetrics snapshot(int alive, int busy, int starting, int waiting) {
        Duration[] p = waits.percentiles(50, 95, 99);
        return new PoolMetrics(alive, busy, alive - busy, starting, waiting, calls.get(), errors.get(), retries.get(),
                restarts.get(), retirements.get(), startFailures.get(), p[0], p[1], p[2], waits.max());
    }
}
