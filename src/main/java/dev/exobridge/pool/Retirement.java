package dev.exobridge.pool;

import java.time.Duration;

/**
 * The one rule for what becomes of a pooled session, applied alike when a borrower picks one,
 * when a lease gives one back, when a pwsh exits and at housekeeping (as HikariCP has one
 * eviction verb). Pure: the caller passes what it knows and applies the verdict under the pool's
 * lock.
 *
 * <ul>
 *   <li>broken (a call left it in doubt, or its pwsh is not ready): replaced now;</li>
 *   <li>past its maximum age or uses (or marked so before): retired now when no call runs on it,
 *       else retiring: no new leases, retired when its last one ends;</li>
 *   <li>idle past the idle timeout, above the minimum, while nobody asks for a session: retired.
 *       A session a borrower picks is lent however long it idled: the idle timeout shrinks a pool
 *       nobody uses, and retiring it then would only make the borrower wait for a new start.</li>
 * </ul>
 */
final class Retirement {
    /** What to do with the session. */
    enum Verdict { KEEP, RETIRE_LATER, RETIRE, REPLACE }

    /** A verdict and the reason the logs give for it ({@code null} for KEEP). */
    record Fate(Verdict verdict, String reason) {
        static final Fate KEEP = new Fate(Verdict.KEEP, null);
    }

    /** How the reason of an idle retirement begins (the counters tell it apart). */
    static final String IDLE = "idle for more than ";

    private final Duration idleTimeout;
    private final int minSessions;

    Retirement(Duration idleTimeout, int minSessions) {
        this.idleTimeout = idleTimeout;
        this.minSessions = minSessions;
    }

    /**
     * @param ready    whether its pwsh can run calls
     * @param inDoubt  whether a call just left it in doubt (crash, kill after a timeout, transport error,
     *                 failed health check)
     * @param demand   whether a borrower asks for a session now
     * @param sessions sessions in the pool now
     */
    Fate of(PooledSession e, long nowNanos, boolean ready, boolean inDoubt, boolean demand, int sessions) {
        if (inDoubt) {
            return new Fate(Verdict.REPLACE, "a call left it broken (crash, kill after a timeout, transport error"
                    + " or failed health check)");
        }
        if (!ready) {
            return new Fate(Verdict.REPLACE, e.leases == 0 ? "its pwsh died while idle" : "its pwsh died");
        }
        String over = e.retiring != null ? e.retiring : e.lifetimeOver(nowNanos);
        if (over != null) {
            return new Fate(e.leases == 0 ? Verdict.RETIRE : Verdict.RETIRE_LATER, over);
        }
        if (!demand && e.leases == 0 && idleTimeout != null && sessions > minSessions
                && nowNanos - e.lastReturnedNanos >= idleTimeout.toNanos()) {
            return new Fate(Verdict.RETIRE, IDLE + Durations.text(idleTimeout));
        }
        return Fate.KEEP;
    }
}
