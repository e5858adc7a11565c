package dev.exobridge.pool;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The pool's asynchronous calls ({@link SessionPool#invokeAsync}, {@link SessionPool#publish}) and
 * the daemon threads they run on: as many as the pool can run calls at once (sessions times
 * runspaces), started when first needed and ended after a minute idle; further calls wait in line
 * for a thread, first come first served. Thread-safe.
 */
final class AsyncCalls {
    private final PoolState state;
    private final PoolOptions options;
    private final Function<Invocation, RetryLoop> retryLoops;
    private final ThreadPoolExecutor threads;

    AsyncCalls(PoolState state, PoolOptions options, Function<Invocation, RetryLoop> retryLoops) {
        this.state = state;
        this.options = options;
        this.retryLoops = retryLoops;
        int n = options.maxSessions() * options.runspacesPerSession();
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, options.name() + "-async-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.threads.allowCoreThreadTimeOut(true);
    }

    Executor executor() {
        return threads;
    }

    Duration stopGrace() {
        return options.session().stopGrace();
    }

    InvocationFuture invoke(Invocation invocation) {
        return submit(invocation, lease -> lease.call(invocation), true);
    }

    /**
     * Runs {@code work} on a borrowed session ({@link SessionPool#invokeAsync(Invocation, Function)}):
     * not counted as one call here, since each of its calls on the lease counts itself.
     */
    InvocationFuture invoke(Invocation invocation, Function<Lease, InvocationResult> work) {
        return submit(invocation, work, false);
    }

    private InvocationFuture submit(Invocation invocation, Function<Lease, InvocationResult> work, boolean counted) {
        long submitted = System.nanoTime();
        AsyncCall call = new AsyncCall(invocation, stopGrace());
        InvocationFuture f = new InvocationFuture(call);
        try {
            threads.execute(() -> run(invocation, work, counted, submitted, call, f));
        } catch (RejectedExecutionException e) {
            call.release();
            f.completeExceptionally(new PoolClosedException(options.name()));
        }
        return f;
    }

    /**
     * Runs the work as {@link SessionPool#invoke} runs a call (one retry loop, crash retries of
     * idempotent calls); the lease is under the call's control while it runs, so that a cancel
     * stops the pipeline of the moment and refuses the next. The borrow timeout counts from the
     * submission.
     */
    private void run(Invocation invocation, Function<Lease, InvocationResult> work, boolean counted, long submitted,
                     AsyncCall call, InvocationFuture f) {
        if (f.isDone()) {
            call.release(); // cancelled before its turn
            return;
        }
        if (counted) {
            state.counters.call();
        }
        try {
            InvocationResult r = retryLoops.apply(invocation).run(attempt -> {
                Lease lease = call.borrow(() -> new Lease(state, state.borrow(left(submitted))));
                try (lease) {
                    lease.controlledBy(call);
                    return work.apply(lease);
                } catch (RuntimeException e) {
                    throw !call.cancelled() && Failures.crashed(e, lease.session())
                            ? RetryLoop.retry(Failures.reported(e, lease.session())) : e;
                } finally {
                    call.notRunning();
                }
            });
            if (counted) {
                state.counters.ended(submitted, call.cancelled() ? new CancellationException() : null);
            }
            f.complete(r);
        } catch (RuntimeException e) {
            if (counted) {
                state.counters.ended(submitted, call.cancelled() ? new CancellationException() : e);
            }
            f.completeExceptionally(e);
        } finally {
            call.release();
        }
    }

    private Duration left(long submitted) {
        long left = options.borrowTimeout().toNanos() - (System.nanoTime() - submitted);
        return Duration.ofNanos(Math.max(0, left));
    }

    /**
     * A subscription's stream, borrowed and started on its worker thread (a cancel interrupts the
     * wait for a session).
     */
    LeasedStream stream(Invocation invocation, AsyncCall call) {
        state.counters.call();
        return new LeasedStream(state, invocation,
                () -> call.borrow(() -> new Lease(state, state.borrow(options.borrowTimeout()))),
                retryLoops.apply(invocation));
    }

    String name() {
        return options.name();
    }

    void shutdown() {
        threads.shutdown();
    }
}
