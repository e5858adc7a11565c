package dev.exobridge.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's sessions and the one retirement rule ({@link Retirement}) applied to them: which
 * one a borrower gets, which ones stay, retire or are replaced. Not thread-safe: every method is
 * called under the pool's lock; a session that leaves is closed on the pool's threads.
 */
final class PoolSessions {
    private static final Logger LOG = LoggerFactory.getLogger(PoolSessions.class);

    private final String name;
    private final int capacity;
    private final Retirement retirement;
    private final PoolCounters counters;
    private final PoolThreads threads;
    private final List<PooledSession> all = new ArrayList<>();

    PoolSessions(String name, int capacity, Retirement retirement, PoolCounters counters, PoolThreads threads) {
        this.name = name;
        this.capacity = capacity;
        this.retirement = retirement;
        this.counters = counters;
        this.threads = threads;
    }

    void add(PooledSession e) {
        all.add(e);
    }

    int size() {
        return all.size();
    }

    /** Sessions with at least one lease. */
    int busy() {
        return (int) all.stream().filter(e -> e.leases > 0).count();
    }

    /** Sessions not retiring. */
    int staying() {
        return (int) all.stream().filter(e -> e.retiring == null).count();
    }

    /** Leases the staying sessions can still give. */
    int freeLeases() {
        return all.stream().filter(e -> e.retiring == null).mapToInt(e -> capacity - e.leases).sum();
    }

    List<Long> pids() {
        return all.stream().map(e -> e.session.pid()).toList();
    }

    /** The sessions, longest idle first. */
    List<PooledSession> byIdle() {
        List<PooledSession> byIdle = new ArrayList<>(all);
        byIdle.sort(Comparator.comparingLong(e -> e.lastReturnedNanos));
        return byIdle;
    }

    /** Every session, now out of the pool (closing). */
    List<PooledSession> clear() {
        List<PooledSession> out = new ArrayList<>(all);
        out.forEach(e -> e.gone = true);
        all.clear();
        return out;
    }

    /**
     * The free session with the fewest leases, the most recently used among equals (so the
     * others go idle and can retire); the rule drops broken and retired ones on the way.
     *
     * @param dropped set to true when a session left the pool
     */
    PooledSession pick(long now, boolean[] dropped) {
        PooledSession best = null;
        for (PooledSession e : List.copyOf(all)) {
            if (e.retiring != null || e.leases >= capacity) {
                continue;
            }
            if (!kept(e, now, false, true)) {
                dropped[0] = true;
                continue;
            }
            if (best == null || e.leases < best.leases
                    || (e.leases == best.leases && e.lastReturnedNanos - best.lastReturnedNanos > 0)) {
                best = e;
            }
        }
        return best;
    }

    /**
     * Applies the rule to {@code e}: replaces, retires, or marks it retiring. Returns whether it
     * stays lendable.
     *
     * @param inDoubt whether a call just left it in doubt
     * @param demand  whether a borrower asks for a session now
     */
    boolean kept(PooledSession e, long now, boolean inDoubt, boolean demand) {
        if (e.gone) {
            return false;
        }
        Retirement.Fate fate = retirement.of(e, now, e.session.isReady(), inDoubt, demand, all.size());
        switch (fate.verdict()) {
            case KEEP -> {
                return true;
            }
            case RETIRE_LATER -> {
                if (e.retiring == null) {
                    e.retiring = fate.reason();
                    LOG.debug("{}: {} {}; it retires when its calls end", name, e, fate.reason());
                }
            }
            case RETIRE -> remove(e, fate.reason(), false);
            case REPLACE -> remove(e, fate.reason(), true);
        }
        return false;
    }

    private void remove(PooledSession e, String reason, boolean replaced) {
        all.remove(e);
        e.gone = true;
        if (replaced) {
            counters.replaced(e.brokenBy != null ? e.brokenBy : PoolMetrics.RestartCause.DIED);
        } else {
            counters.retired(reason.startsWith(Retirement.IDLE) ? PoolMetrics.RetirementCause.IDLE
                    : reason.equals(PooledSession.MAX_AGE) ? PoolMetrics.RetirementCause.AGE
                    : PoolMetrics.RetirementCause.USES);
        }
        LOG.info("{}: {} (pid {}) {}: {}; {} sessions left", name, e, e.session.pid(),
                replaced ? "is replaced" : "retires", reason, all.size());
        threads.close(e.session);
    }
}
