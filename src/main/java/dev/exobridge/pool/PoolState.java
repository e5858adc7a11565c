package dev.exobridge.pool;

import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that changes the pool's sessions, under one lock: the borrow loop (take a free
 * session, else ask for one more and wait in line with the time left, else fail with a clear
 * timeout), giving back, the retirement rule's verdicts ({@link PoolSessions}, {@link Retirement}),
 * refilling to the minimum ({@link SessionStarts}, with back-off after failed starts), housekeeping
 * and closing. Session starts, closes and the housekeeper run on the pool's own daemon threads
 * ({@link PoolThreads}), never under the lock; the health check runs on the borrower's thread,
 * outside it.
 */
final class PoolState {
    private static final Logger LOG = LoggerFactory.getLogger(PoolState.class);

    private final PoolOptions options;
    private final String name;
    private final int capacity;
    private final SessionStarts starts;
    private final HealthCheck health;
    private final ReentrantLock lock = new ReentrantLock();
    /** Borrowers waiting, first come first served: only the first may take a free session. */
    private final ArrayDeque<Condition> queue = new ArrayDeque<>();
    /** Guarded by lock, with everything in it. */
    private final PoolSessions sessions;
    private final PoolThreads threads;
    private final Object closeLock = new Object();

    /** The pool's figures; the pool, its leases and streams count here. */
    final PoolCounters counters = new PoolCounters();

    // Guarded by lock.
    private boolean closed;

    PoolState(PoolOptions options) {
        this.options = options;
        this.name = options.name();
        this.capacity = options.runspacesPerSession();
        this.health = new HealthCheck(options);
        this.threads = new PoolThreads(name, options.maxSessions());
        this.starts = new SessionStarts(options, lock, threads, counters, this::added, this::startFailed);
        this.sessions = new PoolSessions(name, capacity, new Retirement(options.idleTimeout(), options.minSessions()),
                counters, threads);
    }

    // ---- opening -----------------------------------------------------------------------

    /**
     * Starts the first session here, so a pool that cannot start one fails at once with the
     * reason; then the rest up to the minimum in the background, and the housekeeper.
     */
    void open() {
        threads.housekeepEvery(options.housekeepingPeriod(), this::housekeep);
        if (options.minSessions() > 0) {
            PwshSession first;
            try {
                first = starts.startHere();
            } catch (RuntimeException e) {
                startFailed(e);
                throw e;
            }
            added(first);
        }
        lock.lock();
        try {
            fillLocked();
        } finally {
            lock.unlock();
        }
    }

    // ---- borrowing ---------------------------------------------------------------------

    /**
     * A leased session: free, alive, not due to retire, and health-checked when it was idle
     * longer than the threshold. Waits at most {@code timeout}.
     *
     * @throws BorrowTimeoutException when none became free in time
     * @throws PoolClosedException    when the pool is closed
     */
    PooledSession borrow(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            Taken t = takeOrWait(start, deadline);
            if (t.check() && !health.passes(t.session())) {
                t.session().brokenBy = PoolMetrics.RestartCause.HEALTH_CHECK;
                giveBack(t.session(), true);
                continue;
            }
            long waited = System.nanoTime() - start;
            counters.waited(waited);
            LOG.trace("{}: lent {} after {}", name, t.session(), Durations.text(Duration.ofNanos(waited)));
            return t.session();
        }
    }

    /** A session just leased, and whether it idled long enough to need a health check. */
    private record Taken(PooledSession session, boolean check) {
    }

    /**
     * Takes a free session at once when nobody waits, else queues: waiters are served in order
     * (the first in line takes the next free session), so a busy thread that gives a session back
     * and borrows again cannot starve the others.
     */
    private Taken takeOrWait(long start, long deadline) {
        lock.lock();
        try {
            if (closed) {
                throw new PoolClosedException(name);
            }
            if (queue.isEmpty()) {
                Taken t = takeLocked();
                if (t != null) {
                    return t;
                }
            }
            Condition me = lock.newCondition();
            queue.addLast(me);
            try {
                while (true) {
                    if (closed) {
                        throw new PoolClosedException(name);
                    }
                    if (queue.peekFirst() == me) {
                        Taken t = takeLocked();
                        if (t != null) {
                            return t;
                        }
                    }
                    fillLocked();
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw timeoutLocked(start);
                    }
                    try {
                        me.awaitNanos(left);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new SessionException("interrupted while waiting for a session of " + name, ie);
                    }
                }
            } finally {
                boolean first = queue.peekFirst() == me;
                queue.remove(me);
                if (first) {
                    wakeFirstLocked(); // the next in line may take what is still free
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Taken takeLocked() {
        long now = System.nanoTime();
        boolean[] dropped = new boolean[1];
        PooledSession e = sessions.pick(now, dropped);
        if (dropped[0]) {
            fillLocked();
        }
        if (e == null) {
            return null;
        }
        boolean check = health.due(e, now);
        e.leases++;
        return new Taken(e, check);
    }

    /** Something changed that may let the first waiter take a session. */
    private void wakeFirstLocked() {
        Condition first = queue.peekFirst();
        if (first != null) {
            first.signal();
        }
    }

    private BorrowTimeoutException timeoutLocked(long start) {
        int busy = sessions.busy();
        RuntimeException failure = starts.lastFailureLocked();
        BorrowTimeoutException e = new BorrowTimeoutException(name, Duration.ofNanos(System.nanoTime() - start), busy,
                sessions.size(), options.maxSessions(), starts.startingLocked(), queue.size() - 1, failure);
        LOG.warn("{}", e.getMessage());
        return e;
    }

    /**
     * A lease ends. The session goes back to the free ones unless the retirement rule says
     * otherwise: replaced when in doubt or dead, retired (once its last lease ends) when due.
     */
    void giveBack(PooledSession e, boolean inDoubt) {
        lock.lock();
        try {
            e.leases--;
            long now = System.nanoTime();
            e.lastReturnedNanos = now;
            if (sessions.kept(e, now, inDoubt, false)) {
                LOG.trace("{}: {} given back", name, e);
            }
            fillLocked();
            wakeFirstLocked();
        } finally {
            lock.unlock();
        }
    }

    // ---- replacing, retiring, refilling --------------------------------------------------

    private void exited(PooledSession e) {
        lock.lock();
        try {
            if (e.gone || e.leases > 0) {
                return; // the lease holder's call fails and gives it back
            }
            sessions.kept(e, System.nanoTime(), false, false);
            fillLocked();
            wakeFirstLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts sessions up to the minimum, and one more per waiting borrower (a session serving
     * {@code capacity} of them) that free and starting sessions do not cover, up to the maximum.
     * After failed starts the new ones wait for the back-off.
     */
    private void fillLocked() {
        if (closed) {
            return;
        }
        int staying = sessions.staying();
        int free = sessions.freeLeases();
        int starting = starts.startingLocked();
        int need = options.minSessions() - staying - starting;
        int unserved = queue.size() - free - starting * capacity;
        if (unserved > 0) {
            need = Math.max(need, (unserved + capacity - 1) / capacity);
        }
        starts.scheduleLocked(Math.min(need, options.maxSessions() - sessions.size() - starting));
    }

    private void added(PwshSession s) {
        PooledSession e = null;
        int open;
        lock.lock();
        try {
            starts.endedLocked();
            if (!closed) {
                e = new PooledSession(s, System.nanoTime(), options.maxAge(), options.maxUses(),
                        options.lifetimeJitter());
                sessions.add(e);
                starts.succeededLocked();
                wakeFirstLocked();
            }
            open = sessions.size();
        } finally {
            lock.unlock();
        }
        if (e == null) {
            s.close();
            return;
        }
        LOG.info("{}: {} (pid {}) is warm and ready; {} sessions open", name, s, s.pid(), open);
        PooledSession entry = e;
        s.processHandle().onExit().thenRun(() -> exited(entry));
    }

    private void startFailed(RuntimeException e) {
        lock.lock();
        try {
            starts.endedLocked();
            if (closed) {
                return;
            }
            starts.failedLocked(e);
            fillLocked();
            wakeFirstLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies the retirement rule to every session, longest idle first, and refills; runs every
     * housekeeping period.
     */
    private void housekeep() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            for (PooledSession e : sessions.byIdle()) {
                sessions.kept(e, now, false, !queue.isEmpty());
            }
            fillLocked();
            wakeFirstLocked();
        } catch (RuntimeException e) {
            LOG.error("{}: housekeeping failed; it runs again in {}", name, options.housekeepingPeriod(), e);
        } finally {
            lock.unlock();
        }
    }

    // ---- looking -----------------------------------------------------------------------

    PoolMetrics metrics() {
        lock.lock();
        try {
            return counters.snapshot(sessions.size(), sessions.busy(), starts.startingLocked(), queue.size());
        } finally {
            lock.unlock();
        }
    }

    PoolHealth health() {
        lock.lock();
        try {
            return PoolHealth.of(name, closed, sessions.size(), starts.startingLocked(), options.minSessions(),
                    starts.lastFailureLocked());
        } finally {
            lock.unlock();
        }
    }

    List<Long> pids() {
        lock.lock();
        try {
            return sessions.pids();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- closing -----------------------------------------------------------------------

    /**
     * Closes every session (calls in flight fail), stops starts and the housekeeper, and returns
     * once all of the pool's pwsh processes are gone. Idempotent.
     */
    void close() {
        synchronized (closeLock) {
            List<PooledSession> all;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                all = sessions.clear();
                queue.forEach(Condition::signal);
            } finally {
                lock.unlock();
            }
            LOG.info("{}: closing {} sessions", name, all.size());
            // A start under way when the pool closes closes its own session (added()).
            threads.shutdown(all.stream().map(e -> e.session).toList(), closeBudget(), starts::abort);
            for (PooledSession e : all) {
                if (e.session.processHandle().isAlive()) {
                    LOG.warn("{}: {} did not close in time; killing it", name, e);
                    e.session.kill();
                }
            }
            LOG.info("{}: closed", name);
        }
    }

    /** How long closing waits for sessions: their close, stop grace and forced kill, with a margin. */
    private Duration closeBudget() {
        return options.session().closeTimeout().multipliedBy(2).plus(options.session().stopGrace()).plusSeconds(10);
    }
}
