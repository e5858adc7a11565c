package dev.exobridge.pool;

import dev.exobridge.session.PwshSession;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting the pool's sessions: the first at open on the caller's thread (so that a pool that
 * cannot start one fails at once with the reason), the others on the pool's threads, each after
 * the back-off that failed starts in a row call for. Its counts are guarded by the pool's lock
 * (the methods ending in {@code Locked} run under it); starts themselves never run under it.
 */
final class SessionStarts {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStarts.class);

    private final String name;
    private final ReentrantLock lock;
    private final SessionFactory factory;
    private final Backoff backoff;
    private final PoolThreads threads;
    private final PoolCounters counters;
    private final Consumer<PwshSession> started;
    private final Consumer<RuntimeException> failed;
    // Guarded by lock.
    private int starting;
    private RuntimeException lastFailure;

    /**
     * @param started what the pool does with a started, warmed session (called outside the lock)
     * @param failed  what the pool does when a start failed (called outside the lock)
     */
    SessionStarts(PoolOptions options, ReentrantLock lock, PoolThreads threads, PoolCounters counters,
                  Consumer<PwshSession> started, Consumer<RuntimeException> failed) {
        this.name = options.name();
        this.lock = lock;
        this.factory = new SessionFactory(options);
        this.backoff = new Backoff(options.backoffInitial(), options.backoffMax());
        this.threads = threads;
        this.counters = counters;
        this.started = started;
        this.failed = failed;
    }

    /** Sessions being started and warmed up now. */
    int startingLocked() {
        return starting;
    }

    /** Why the last start failed, while starts keep failing; else {@code null}. */
    RuntimeException lastFailureLocked() {
        return backoff.failures() > 0 ? lastFailure : null;
    }

    /** Starts {@code n} sessions in the background, after the back-off. */
    void scheduleLocked(int n) {
        long delay = backoff.delayNanos(System.nanoTime());
        for (int i = 0; i < n; i++) {
            starting++;
            threads.startAfter(delay, this::startInBackground);
        }
        if (n > 0) {
            LOG.debug("{}: starting {} session(s){}", name, n,
                    delay > 0 ? " after a back-off of " + Durations.text(Duration.ofNanos(delay)) : "");
        }
    }

    /**
     * Starts one session on this thread (counted as starting meanwhile); the caller reports the
     * outcome with {@link #endedLocked} and then {@link #succeededLocked} or {@link #failedLocked}.
     */
    PwshSession startHere() {
        lock.lock();
        try {
            starting++;
        } finally {
            lock.unlock();
        }
        return factory.create();
    }

    private void startInBackground() {
        PwshSession s;
        try {
            s = factory.create();
        } catch (RuntimeException e) {
            failed.accept(e);
            return;
        }
        started.accept(s);
    }

    /** A start ended, whatever its outcome. */
    void endedLocked() {
        starting--;
    }

    /** A session entered the pool: the next start may go at once. */
    void succeededLocked() {
        backoff.succeeded();
        lastFailure = null;
    }

    /** A start failed: counted, remembered for borrow timeouts, and the next one backs off. */
    void failedLocked(RuntimeException e) {
        counters.startFailed(e);
        lastFailure = e;
        Duration wait = backoff.failed(System.nanoTime());
        LOG.warn("{}: starting a session failed ({} in a row), next try in {}: {}", name, backoff.failures(),
                Durations.text(wait), e.getMessage());
    }

    /** The pool closes: no session is handed out any more; the ones warming up are killed. */
    void abort() {
        factory.abort();
    }
}
