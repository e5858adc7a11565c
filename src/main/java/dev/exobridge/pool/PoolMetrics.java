package dev.exobridge.pool;

import java.time.Duration;

/**
 * A snapshot of a pool, taken at once under its lock (the counters a moment apart at most).
 *
 * @param alive             sessions open in the pool
 * @param busy              sessions with at least one lease
 * @param idle              sessions with none
 * @param starting          sessions being started and warmed up
 * @param waitingBorrowers  borrowers waiting for a session now
 * @param calls             calls submitted to the pool and its leases (a retried call counts once)
 * @param errors            of those, calls that ended with an exception (borrow timeouts included)
 * @param retries           times an idempotent call was run again after its session crashed
 * @param restarts          sessions replaced because they crashed, hung, or failed a health check
 * @param retirements       sessions retired by age, uses or idleness
 * @param startFailures     session starts or warm-ups that failed
 * @param borrowWaitP50     median wait for a session, over the last 4,096 borrows
 * @param borrowWaitP95     95th percentile of that wait
 * @param borrowWaitP99     99th percentile of that wait
 * @param borrowWaitMax     longest wait since the pool started
 */
public record PoolMetrics(int alive, int busy, int idle, int starting, int waitingBorrowers, long calls,
                          long errors, long retries, long restarts, long retirements, long startFailures,
                          Duration borrowWaitP50, Duration borrowWaitP95, Duration borrowWaitP99,
                          Duration borrowWaitMax) {
    @Override
    public String toString() {
        return "alive " + alive + ", busy " + busy + ", idle " + idle + ", starting " + starting + ", waiting "
                + waitingBorrowers + "; calls " + calls + ", errors " + errors + ", retries " + retries
                + ", restarts " + restarts + ", retirements " + retirements + ", start failures " + startFailures
                + "; borrow wait p50 " + Durations.text(borrowWaitP50) + ", p95 " + Durations.text(borrowWaitP95)
                + ", p99 " + Durations.text(borrowWaitP99) + ", max " + Durations.text(borrowWaitMax);
    }
}
