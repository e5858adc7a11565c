package dev.exobridge.pool;

import dev.exobridge.session.PwshSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's own daemon threads, so that session starts, closes and housekeeping never run under
 * the pool's lock: starters (a few, since starting pwsh is mostly waiting on a child process),
 * one housekeeper, and closers. Thread-safe.
 */
final class PoolThreads {
    private static final Logger LOG = LoggerFactory.getLogger(PoolThreads.class);

    private final String name;
    private final ScheduledThreadPoolExecutor starter;
    private final ScheduledExecutorService housekeeper;
    private final ExecutorService closer;

    PoolThreads(String name, int maxSessions) {
        this.name = name;
        // A few starts in parallel refill faster after a crash.
        int starters = Math.max(1, Math.min(maxSessions, Math.max(2, Runtime.getRuntime().availableProcessors())));
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

    /** Runs {@code housekeeping} every {@code period}. */
    void housekeepEvery(Duration period, Runnable housekeeping) {
        long nanos = period.toNanos();
        housekeeper.scheduleAtFixedRate(housekeeping, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Runs a session start after {@code delayNanos}. */
    void startAfter(long delayNanos, Runnable start) {
        starter.schedule(start, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Closes a session in the background; kills it at once when the pool is closing. */
    void close(PwshSession s) {
        try {
            closer.execute(s::close);
        } catch (RejectedExecutionException rejected) {
            s.kill(); // the pool is closing; never leave the process behind
        }
    }

    /**
     * Stops housekeeping and starts not begun, closes {@code sessions} in parallel and waits for
     * that and for starts under way, up to {@code budget} (then interrupts a start that hangs,
     * which kills its pwsh). {@code abortStarts} runs first (it kills sessions in their warm-up).
     */
    void shutdown(List<PwshSession> sessions, Duration budget, Runnable abortStarts) {
        housekeeper.shutdownNow();
        abortStarts.run();
        // Starts not begun are dropped; one under way ends soon and closes its session itself.
        starter.shutdown();
        for (PwshSession s : sessions) {
            closer.execute(s::close);
        }
        closer.shutdown();
        long deadline = System.nanoTime() + budget.toNanos();
        await(closer, deadline - System.nanoTime());
        if (!await(starter, deadline - System.nanoTime())) {
            starter.shutdownNow(); // a pwsh that does not open: interrupt its start, which kills it
            await(starter, Duration.ofSeconds(5).toNanos());
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
}
