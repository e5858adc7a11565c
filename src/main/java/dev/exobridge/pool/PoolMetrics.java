package dev.exobridge.pool;

import dev.exobridge.session.CallStoppedException;
import dev.exobridge.session.HostPromptException;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.SessionDeadException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * A snapshot of a pool, taken at once under its lock (the counters a moment apart at most). The
 * totals count from the pool's start; {@code dev.exobridge.metrics.PoolMeterBinder} publishes
 * them through Micrometer.
 *
 * @param alive              sessions open in the pool
 * @param busy               sessions with at least one lease
 * @param idle               sessions with none
 * @param starting           sessions being started and warmed up
 * @param waitingBorrowers   borrowers waiting for a session now
 * @param calls              calls submitted to the pool and its leases (a retried call counts once)
 * @param errors             of those, calls that ended with an exception (borrow timeouts included, cancels not)
 * @param retries            times an idempotent call was run again after its session crashed
 * @param restarts           sessions replaced because they crashed, hung, or failed a health check
 * @param retirements        sessions retired by age, uses or idleness
 * @param startFailures      session starts or warm-ups that failed
 * @param borrowWaitP50      median wait for a session, over the last 4,096 borrows
 * @param borrowWaitP95      95th percentile of that wait
 * @param borrowWaitP99      99th percentile of that wait
 * @param borrowWaitMax      longest wait since the pool started
 * @param calledByOutcome    ended calls and their total time, by outcome (every outcome present)
 * @param borrows            borrows that got a session
 * @param borrowWaitTotal    their waits added up
 * @param restartsByCause    {@code restarts} by cause (every cause present)
 * @param retirementsByCause {@code retirements} by cause (every cause present)
 * @param warmUpFailures     of {@code startFailures}, those that failed in the warm-up
 */
public record PoolMetrics(int alive, int busy, int idle, int starting, int waitingBorrowers, long calls,
                          long errors, long retries, long restarts, long retirements, long startFailures,
                          Duration borrowWaitP50, Duration borrowWaitP95, Duration borrowWaitP99,
                          Duration borrowWaitMax, Map<Outcome, CallFigures> calledByOutcome, long borrows,
                          Duration borrowWaitTotal, Map<RestartCause, Long> restartsByCause,
                          Map<RetirementCause, Long> retirementsByCause, long warmUpFailures) {

    public PoolMetrics {
        calledByOutcome = Map.copyOf(calledByOutcome);
        restartsByCause = Map.copyOf(restartsByCause);
        retirementsByCause = Map.copyOf(retirementsByCause);
    }

    /** How a call ended; {@link #tag()} is its Micrometer tag value. */
    public enum Outcome {
        /** It returned (a stream: it was read to its end). */
        SUCCESS("success"),
        /** A terminating PowerShell error ({@link PowerShellErrorException}). */
        POWERSHELL_ERROR("powershell-error"),
        /** Its timeout ran out ({@link InvocationTimeoutException}). */
        TIMEOUT("timeout"),
        /** Its session died under it ({@link SessionDeadException}), after any retries. */
        SESSION_DIED("session-died"),
        /** No session became free in time ({@link BorrowTimeoutException}). */
        BORROW_TIMEOUT("borrow-timeout"),
        /** A prompt nobody answers ({@link HostPromptException}). */
        PROMPT_REFUSED("prompt-refused"),
        /**
         * Cancelled by the caller (an async call, a subscription, a requested stop:
         * {@link CallStoppedException}), or a stream closed before its end.
         */
        CANCELLED("cancelled"),
        /** Any other failure (a transport error, a closed pool, a bad argument...). */
        OTHER_FAILURE("other-failure");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        /** The tag value, e.g. {@code powershell-error}. */
        public String tag() {
            return tag;
        }

        /** The outcome of a call that ended with {@code failure} ({@code null}: it returned). */
        public static Outcome of(Throwable failure) {
            if (failure == null) {
                return SUCCESS;
            }
            if (failure instanceof PowerShellErrorException) {
                return POWERSHELL_ERROR;
            }
            if (failure instanceof InvocationTimeoutException) {
                return TIMEOUT;
            }
            if (failure instanceof SessionDeadException) {
                return SESSION_DIED;
            }
            if (failure instanceof BorrowTimeoutException) {
                return BORROW_TIMEOUT;
            }
            if (failure instanceof HostPromptException) {
                return PROMPT_REFUSED;
            }
            if (failure instanceof CancellationException || failure instanceof CallStoppedException) {
                return CANCELLED;
            }
            return OTHER_FAILURE;
        }
    }

    /** Why a session was replaced; {@link #tag()} is its Micrometer tag value. */
    public enum RestartCause {
        /** It crashed under a call, or its transport failed. */
        CRASH("crash"),
        /** A call did not stop after its timeout (or a cancel), so the session was killed. */
        HUNG("hung"),
        /** It failed the health check before a lease. */
        HEALTH_CHECK("health-check"),
        /** Its pwsh exited while no call ran on it. */
        DIED("died");

        private final String tag;

        RestartCause(String tag) {
            this.tag = tag;
        }

        /** The tag value, e.g. {@code health-check}. */
        public String tag() {
            return tag;
        }
    }

    /** Why a session was retired; {@link #tag()} is its Micrometer tag value. */
    public enum RetirementCause {
        /** It reached its maximum age. */
        AGE("age"),
        /** It reached its maximum uses. */
        USES("uses"),
        /** It idled past the idle timeout above the minimum. */
        IDLE("idle");

        private final String tag;

        RetirementCause(String tag) {
            this.tag = tag;
        }

        /** The tag value, e.g. {@code age}. */
        public String tag() {
            return tag;
        }
    }

    /**
     * Calls of one outcome.
     *
     * @param count how many ended so
     * @param total their durations added up (a pool call's from submission: borrow wait included)
     */
    public record CallFigures(long count, Duration total) {
    }

    @Override
    public String toString() {
        return "alive " + alive + ", busy " + busy + ", idle " + idle + ", starting " + starting + ", waiting "
                + waitingBorrowers + "; calls " + calls + ", errors " + errors + ", retries " + retries
                + ", restarts " + restarts + ", retirements " + retirements + ", start failures " + startFailures
                + " (warm-up " + warmUpFailures + ")"
                + "; borrow wait p50 " + Durations.text(borrowWaitP50) + ", p95 " + Durations.text(borrowWaitP95)
                + ", p99 " + Durations.text(borrowWaitP99) + ", max " + Durations.text(borrowWaitMax);
    }
}
