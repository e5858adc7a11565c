package dev.exobridge.pool;

import dev.exobridge.pool.PoolMetrics.CallFigures;
import dev.exobridge.pool.PoolMetrics.Outcome;
import dev.exobridge.pool.PoolMetrics.RestartCause;
import dev.exobridge.pool.PoolMetrics.RetirementCause;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The pool's running totals, in one place: the pool, its leases and streams count here, and
 * {@link PoolMetrics} (and through it the Micrometer binder) reads them. Thread-safe (each
 * counter is atomic; a snapshot may be a moment apart between counters).
 */
final class PoolCounters {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLongArray restarts = new AtomicLongArray(RestartCause.values().length);
    private final AtomicLongArray retirements = new AtomicLongArray(RetirementCause.values().length);
    private final AtomicLong startFailures = new AtomicLong();
    private final AtomicLong warmUpFailures = new AtomicLong();
    private final AtomicLongArray ended = new AtomicLongArray(Outcome.values().length);
    private final AtomicLongArray endedNanos = new AtomicLongArray(Outcome.values().length);
    private final AtomicLong borrows = new AtomicLong();
    private final AtomicLong borrowNanos = new AtomicLong();
    private final WaitRecorder waits = new WaitRecorder();

    /** A call was submitted (a retried call counts once). */
    void call() {
        calls.incrementAndGet();
    }

    /** A call submitted at {@code startNanos} ({@link System#nanoTime()}) ended with {@code failure} ({@code null}: it returned). */
    void ended(long startNanos, Throwable failure) {
        Outcome o = Outcome.of(failure);
        if (o != Outcome.SUCCESS && o != Outcome.CANCELLED) {
            errors.incrementAndGet(); // a cancel is the caller's choice, not an error
        }
        ended.incrementAndGet(o.ordinal());
        endedNanos.addAndGet(o.ordinal(), Math.max(0, System.nanoTime() - startNanos));
    }

    /** A stream was closed by its consumer before its end: cancelled, not failed. */
    void closedEarly(long startNanos) {
        ended.incrementAndGet(Outcome.CANCELLED.ordinal());
        endedNanos.addAndGet(Outcome.CANCELLED.ordinal(), Math.max(0, System.nanoTime() - startNanos));
    }

    /** An idempotent call runs again after a crash. */
    void retry() {
        retries.incrementAndGet();
    }

    /** A session was replaced (broken). */
    void replaced(RestartCause cause) {
        restarts.incrementAndGet(cause.ordinal());
    }

    /** A session was retired (old, worn, idle). */
    void retired(RetirementCause cause) {
        retirements.incrementAndGet(cause.ordinal());
    }

    /** A session start or warm-up failed. */
    void startFailed(RuntimeException e) {
        startFailures.incrementAndGet();
        if (e instanceof WarmUpException) {
            warmUpFailures.incrementAndGet();
        }
    }

    /** A borrower waited this long for its session. */
    void waited(long nanos) {
        waits.record(nanos);
        borrows.incrementAndGet();
        borrowNanos.addAndGet(nanos);
    }

    /** The figures with the pool's gauges, taken under the pool's lock by the caller. */
    PoolMetrics snapshot(int alive, int busy, int starting, int waiting) {
        Duration[] p = waits.percentiles(50, 95, 99);
        Map<Outcome, CallFigures> byOutcome = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o, new CallFigures(ended.get(o.ordinal()), Duration.ofNanos(endedNanos.get(o.ordinal()))));
        }
        Map<RestartCause, Long> byRestart = new EnumMap<>(RestartCause.class);
        long restartTotal = 0;
        for (RestartCause c : RestartCause.values()) {
            byRestart.put(c, restarts.get(c.ordinal()));
            restartTotal += restarts.get(c.ordinal());
        }
        Map<RetirementCause, Long> byRetirement = new EnumMap<>(RetirementCause.class);
        long retiredTotal = 0;
        for (RetirementCause c : RetirementCause.values()) {
            byRetirement.put(c, retirements.get(c.ordinal()));
            retiredTotal += retirements.get(c.ordinal());
        }
        return new PoolMetrics(alive, busy, alive - busy, starting, waiting, calls.get(), errors.get(), retries.get(),
                restartTotal, retiredTotal, startFailures.get(), p[0], p[1], p[2], waits.max(), byOutcome,
                borrows.get(), Duration.ofNanos(borrowNanos.get()), byRestart, byRetirement, warmUpFailures.get());
    }
}
