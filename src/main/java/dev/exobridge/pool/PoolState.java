package dev.exobridge.pool;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's sessions and everything that changes them, under one lock: the borrow loop (take a
 * free session, else ask for one more and wait in line with the time left, else fail with a
 * clear timeout), giving back, replacing crashed sessions, retiring old and idle ones, refilling to the
 * minimum with back-off after failed starts, and closing. Session starts, closes and the
 * housekeeper run on the pool's own daemon threads, never under the lock.
 */
final class PoolState {
    private static final Logger LOG = LoggerFactory.getLogger(PoolState.class);

    private final PoolOptions options;
    private final String name;
    private final int capacity;
    private final SessionFactory factory;
    private final Invocation healthCheck;
    private final ReentrantLock lock = new ReentrantLock();
    /** Borrowers waiting, first come first served: only the first may take a free session. */
    private final ArrayDeque<Condition> queue = new ArrayDeque<>();
    private final List<PooledSession> sessions = new ArrayList<>();
    private final Backoff backoff;
    private final ScheduledThreadPoolExecutor starter;
    private final ScheduledExecutorService housekeeper;
    private final ExecutorService closer;
    private final Object closeLock = new Object();

    final AtomicLong calls = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong retirements = new AtomicLong();
    private final AtomicLong startFailures = new AtomicLong();
    private final WaitRecorder waits = new WaitRecorder();

    // Guarded by lock.
    private int starting;
    private boolean closed;
    private RuntimeException lastStartFailure;

    PoolState(PoolOptions options) {
        this.options = options;
        this.name = options.name();
        this.capacity = options.runspacesPerSession();
        this.factory = new SessionFactory(options);
        this.healthCheck = Invocation.script(options.healthCheckScript()).timeout(options.healthCheckTimeout()).build();
        this.backoff = new Backoff(options.backoffInitial(), options.backoffMax());
        // Starting pwsh is mostly waiting on a child process; a few in parallel refill faster after a crash.
        int starters = Math.max(1, Math.min(options.maxSessions(), Math.max(2, Runtime.getRuntime().availableProcessors())));
        this.starter = new ScheduledThreadPoolExecutor(starters, daemon(name + "-starter"));
        this.starter.setRemoveOnCancelPolicy(true);
        this.starter.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(daemon(name + "-housekeeper"));
        this.closer = Executors.newCachedThreadPool(daemon(name + "-closer"));
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- opening -----------------------------------------------------------------------

    /**
     * Starts the first session here, so a pool that cannot start one fails at once with the
     * reason; then the rest up to the minimum in the background, and the housekeeper.
     */
    void open() {
        long period = options.housekeepingPeriod().toNanos();
        housekeeper.scheduleAtFixedRate(this::housekeep, period, period, TimeUnit.NANOSECONDS);
        if (options.minSessions() > 0) {
            lock.lock();
            try {
                starting++;
            } finally {
                lock.unlock();
            }
            PwshSession first;
            try {
                first = factory.create();
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
            if (t.check() && !healthy(t.session())) {
                giveBack(t.session(), true);
                continue;
            }
            long waited = System.nanoTime() - start;
            waits.record(waited);
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
        PooledSession e = pickLocked(now);
        if (e == null) {
            return null;
        }
        boolean check = e.leases == 0 && now - e.lastReturnedNanos >= options.healthCheckAfterIdle().toNanos();
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

    /**
     * The free session with the fewest leases, the most recently used among equals (so the
     * others go idle and can retire); drops dead and retiring idle sessions on the way.
     */
    private PooledSession pickLocked(long now) {
        PooledSession best = null;
        boolean dropped = false;
        for (PooledSession e : List.copyOf(sessions)) {
            if (e.evicted || e.leases >= capacity) {
                continue;
            }
            if (!e.session.isReady()) {
                if (e.leases == 0) {
                    removeLocked(e, "its pwsh died while idle", true);
                    dropped = true;
                }
                continue;
            }
            String why = e.leases == 0 ? e.retirementReason(now) : null;
            if (why != null) {
                removeLocked(e, why, false);
                dropped = true;
                continue;
            }
            if (best == null || e.leases < best.leases
                    || (e.leases == best.leases && e.lastReturnedNanos - best.lastReturnedNanos > 0)) {
                best = e;
            }
        }
        if (dropped) {
            fillLocked();
        }
        return best;
    }

    private BorrowTimeoutException timeoutLocked(long start) {
        int busy = (int) sessions.stream().filter(e -> e.leases > 0).count();
        RuntimeException failure = backoff.failures() > 0 ? lastStartFailure : null;
        BorrowTimeoutException e = new BorrowTimeoutException(name, Duration.ofNanos(System.nanoTime() - start), busy,
                sessions.size(), options.maxSessions(), starting, queue.size() - 1, failure);
        LOG.warn("{}", e.getMessage());
        return e;
    }

    private boolean healthy(PooledSession e) {
        try {
            InvocationResult r = e.session.invoke(healthCheck);
            if (!r.hadErrors()) {
                return true;
            }
            LOG.warn("{}: {} failed its health check: {}", name, e, r.errors().get(0).message());
        } catch (RuntimeException ex) {
            LOG.warn("{}: {} failed its health check: {}", name, e, ex.getMessage());
        }
        return false;
    }

    /**
     * A lease ends. The session goes back to the free ones unless it is in doubt or dead
     * (replaced) or due to retire (retired once its last lease ends).
     */
    void giveBack(PooledSession e, boolean inDoubt) {
        lock.lock();
        try {
            e.leases--;
            long now = System.nanoTime();
            e.lastReturnedNanos = now;
            if (!e.removed) {
                if (inDoubt || !e.session.isReady()) {
                    removeLocked(e, inDoubt ? "a call left it broken (crash, kill after a timeout, transport error"
                            + " or failed health check)" : "its pwsh died", true);
                } else {
                    String why = e.retirementReason(now);
                    if (why != null && !e.evicted) {
                        e.evicted = true;
                        e.evictReason = why;
                    }
                    if (e.evicted && e.leases == 0) {
                        removeLocked(e, e.evictReason, false);
                    } else {
                        LOG.trace("{}: {} given back", name, e);
                    }
                }
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
            if (e.removed || e.leases > 0) {
                return; // the lease holder's call fails and gives it back
            }
            removeLocked(e, "its pwsh exited while idle", true);
            fillLocked();
            wakeFirstLocked();
        } finally {
            lock.unlock();
        }
    }

    private void removeLocked(PooledSession e, String reason, boolean restart) {
        if (e.removed) {
            return;
        }
        sessions.remove(e);
        e.removed = true;
        (restart ? restarts : retirements).incrementAndGet();
        LOG.info("{}: {} (pid {}) {}: {}; {} sessions left", name, e, e.session.pid(),
                restart ? "is replaced" : "retires", reason, sessions.size());
        try {
            closer.execute(e.session::close);
        } catch (RejectedExecutionException rejected) {
            e.session.kill(); // the pool is closing; never leave the process behind
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
        int staying = 0;
        int free = 0;
        for (PooledSession e : sessions) {
            if (!e.evicted) {
                staying++;
                free += capacity - e.leases;
            }
        }
        int need = options.minSessions() - staying - starting;
        int unserved = queue.size() - free - starting * capacity;
        if (unserved > 0) {
            need = Math.max(need, (unserved + capacity - 1) / capacity);
        }
        need = Math.min(need, options.maxSessions() - sessions.size() - starting);
        long delay = backoff.delayNanos(System.nanoTime());
        for (int i = 0; i < need; i++) {
            starting++;
            starter.schedule(this::startInBackground, delay, TimeUnit.NANOSECONDS);
        }
        if (need > 0) {
            LOG.debug("{}: starting {} session(s){}", name, need,
                    delay > 0 ? " after a back-off of " + Durations.text(Duration.ofNanos(delay)) : "");
        }
    }

    private void startInBackground() {
        PwshSession s;
        try {
            s = factory.create();
        } catch (RuntimeException e) {
            startFailed(e);
            return;
        }
        added(s);
    }

    private void added(PwshSession s) {
        PooledSession e = null;
        int open;
        lock.lock();
        try {
            starting--;
            if (!closed) {
                e = new PooledSession(s, System.nanoTime(), options.maxAge(), options.maxUses(),
                        options.lifetimeJitter());
                sessions.add(e);
                backoff.succeeded();
                lastStartFailure = null;
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
            starting--;
            if (closed) {
                return;
            }
            startFailures.incrementAndGet();
            lastStartFailure = e;
            Duration wait = backoff.failed(System.nanoTime());
            LOG.warn("{}: starting a session failed ({} in a row), next try in {}: {}", name, backoff.failures(),
                    Durations.text(wait), e.getMessage());
            fillLocked();
            wakeFirstLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Replaces dead idle sessions, retires old and idle ones, and refills; runs every housekeeping period. */
    private void housekeep() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            Duration idleTimeout = options.idleTimeout();
            List<PooledSession> byIdle = new ArrayList<>(sessions);
            byIdle.sort(Comparator.comparingLong(e -> e.lastReturnedNanos));
            for (PooledSession e : byIdle) {
                String why = e.retirementReason(now);
                if (e.leases > 0) {
                    if (why != null && !e.evicted) {
                        e.evicted = true;
                        e.evictReason = why;
                        LOG.debug("{}: {} {}; it retires when its calls end", name, e, why);
                    }
                } else if (!e.session.isReady()) {
                    removeLocked(e, "its pwsh died while idle", true);
                } else if (why != null) {
                    removeLocked(e, why, false);
                } else if (idleTimeout != null && sessions.size() > options.minSessions()
                        && now - e.lastReturnedNanos >= idleTimeout.toNanos()) {
                    removeLocked(e, "idle for more than " + Durations.text(idleTimeout), false);
                }
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
        Duration[] p = waits.percentiles(50, 95, 99);
        lock.lock();
        try {
            int busy = (int) sessions.stream().filter(e -> e.leases > 0).count();
            return new PoolMetrics(sessions.size(), busy, sessions.size() - busy, starting, queue.size(), calls.get(),
                    errors.get(), retries.get(), restarts.get(), retirements.get(), startFailures.get(),
                    p[0], p[1], p[2], waits.max());
        } finally {
            lock.unlock();
        }
    }

    List<Long> pids() {
        lock.lock();
        try {
            return sessions.stream().map(e -> e.session.pid()).toList();
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
                all = new ArrayList<>(sessions);
                all.forEach(e -> e.removed = true);
                sessions.clear();
                queue.forEach(Condition::signal);
            } finally {
                lock.unlock();
            }
            LOG.info("{}: closing {} sessions", name, all.size());
            housekeeper.shutdownNow();
            factory.abort(); // kills sessions in their warm-up
            // Starts not begun are dropped; one under way ends soon and closes its session itself (added()).
            starter.shutdown();
            for (PooledSession e : all) {
                closer.execute(e.session::close);
            }
            closer.shutdown();
            long deadline = System.nanoTime() + closeBudget().toNanos();
            await(closer, deadline - System.nanoTime());
            if (!await(starter, deadline - System.nanoTime())) {
                starter.shutdownNow(); // a pwsh that does not open: interrupt its start, which kills it
                await(starter, Duration.ofSeconds(5).toNanos());
            }
            for (PooledSession e : all) {
                if (e.session.processHandle().isAlive()) {
                    LOG.warn("{}: {} did not close in time; killing it", name, e);
                    e.session.kill();
                }
            }
            LOG.info("{}: closed", name);
        }
    }

    private boolean await(ExecutorService executor, long nanos) {
        try {
            if (executor.awaitTermination(Math.max(nanos, 1), TimeUnit.NANOSECONDS)) {
                return true;
            }
            LOG.warn("{}: background work did not end in time while closing", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** How long closing waits for sessions: their close, stop grace and forced kill, with a margin. */
    private Duration closeBudget() {
        return options.session().closeTimeout().multipliedBy(2).plus(options.session().stopGrace()).plusSeconds(10);
    }
}
