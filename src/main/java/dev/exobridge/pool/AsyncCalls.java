package dev.exobridge.pool;

import dev.exobridge.json.ResultObject;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.ResultStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        long submitted = System.nanoTime();
        AsyncCall call = new AsyncCall(invocation, stopGrace());
        InvocationFuture f = new InvocationFuture(call);
        try {
            threads.execute(() -> run(invocation, submitted, call, f));
        } catch (RejectedExecutionException e) {
            call.release();
            f.completeExceptionally(new PoolClosedException(options.name()));
        }
        return f;
    }

    /**
     * Runs the call as {@link SessionPool#invoke} does (one retry loop, crash retries of idempotent
     * calls), reading its output as a stream so that a cancel can stop it; the borrow timeout
     * counts from the submission.
     */
    private void run(Invocation invocation, long submitted, AsyncCall call, InvocationFuture f) {
        if (f.isDone()) {
            call.release(); // cancelled before its turn
            return;
        }
        state.counters.call();
        try {
            InvocationResult r = retryLoops.apply(invocation).run(attempt -> {
                Lease lease = call.borrow(() -> new Lease(state, state.borrow(left(submitted))));
                try (lease) {
                    ResultStream s = lease.open(invocation);
                    call.running(s, lease);
                    try {
                        List<ResultObject> out = new ArrayList<>();
                        while (s.hasNext()) {
                            out.add(s.next());
                        }
                        InvocationResult sum = s.summary();
                        return new InvocationResult(out, sum.errors(), sum.records());
                    } catch (RuntimeException e) {
                        lease.failed(e);
                        throw !call.cancelled() && Failures.crashed(e, lease.session())
                                ? RetryLoop.retry(Failures.reported(e, lease.session())) : e;
                    } finally {
                        call.notRunning();
                        s.close();
                    }
                }
            });
            state.counters.ended(submitted, call.cancelled() ? new CancellationException() : null);
            f.complete(r);
        } catch (RuntimeException e) {
            state.counters.ended(submitted, call.cancelled() ? new CancellationException() : e);
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
