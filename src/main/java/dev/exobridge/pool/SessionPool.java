package dev.exobridge.pool;

import dev.exobridge.ShutdownHook;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.ResultStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of warm pwsh sessions. {@link #invoke} and {@link #stream} borrow a session, run the call
 * and give the session back; {@link #borrow()} hands out a {@link Lease} for several calls on one
 * session. Thread-safe. Settings and their defaults: {@link PoolOptions}.
 *
 * <p>What the pool guarantees:
 * <ul>
 *   <li><b>Warm-up everywhere.</b> Each session has one runspace and runs the warm-up once before it
 *       is first handed out, so every call lands where the warm-up ran; a session whose warm-up
 *       failed is closed, never handed out, and the next start waits for a back-off.</li>
 *   <li><b>Health.</b> A session is checked for life on every borrow, and with the health-check
 *       script when it idled longer than the threshold; a dead or failing one is replaced, never
 *       handed out. Sessions whose pwsh exits while idle are replaced at once, in the background.</li>
 *   <li><b>Crashes and hangs.</b> A session that crashed, or that had to be killed because a call
 *       did not stop after its timeout, is replaced in the background; one whose timed-out call
 *       stopped cleanly goes back to the pool, still warm. The pool refills to its minimum.</li>
 *   <li><b>Retries.</b> A call marked {@linkplain Invocation#idempotent() idempotent} is run again on
 *       another session when its session crashed under it, or hung (its timeout ran out and pwsh
 *       did not answer Stop, so it was killed; each attempt gets the call's timeout), at most
 *       {@link PoolOptions#maxRetries()} times; never after a PowerShell error or a timeout whose
 *       Stop worked; a stream only until its first object reached the caller. Every call ends with exactly one outcome: a result or one
 *       exception.</li>
 *   <li><b>Lifetimes.</b> Sessions retire after their maximum age or uses (each cut by a random
 *       jitter) once no call runs on them, and when idle too long above the minimum.</li>
 *   <li><b>Close.</b> {@link #close()} returns once every pwsh process of the pool is gone. Pools
 *       left open are closed by the library's one JVM shutdown hook ({@link ShutdownHook}).</li>
 * </ul>
 *
 * <p>{@link #invokeAsync} and {@link #publish} run calls on the pool's own async threads, with a
 * cancel that stops the pipeline in pwsh. Every lifecycle event (session ready, replaced, retired,
 * start failed, borrow timed out, call retried, pool closed) is logged through SLF4J under
 * {@code dev.exobridge.pool}; {@link #metrics()} gives a snapshot of the figures (which
 * {@code dev.exobridge.metrics.PoolMeterBinder} publishes through Micrometer) and {@link #health()}
 * whether the pool can serve.
 */
public final class SessionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);

    private final PoolOptions options;
    private final PoolState state;
    private final AsyncCalls async;

    private SessionPool(PoolOptions options) {
        this.options = options;
        this.state = new PoolState(options);
        this.async = new AsyncCalls(state, options, this::retryLoop);
    }

    /**
     * Opens a pool: starts and warms the first session here (so a pool that cannot work fails
     * now, with the reason), the others up to the minimum in the background.
     *
     * @throws WarmUpException                             when the first session's warm-up failed
     * @throws dev.exobridge.session.SessionStartException when pwsh did not start
     * @throws dev.exobridge.pwsh.PwshPrerequisiteException when no suitable pwsh is found
     */
    public static SessionPool start(PoolOptions options) {
        SessionPool pool = new SessionPool(Objects.requireNonNull(options, "options"));
        ShutdownHook.register(pool);
        try {
            pool.state.open();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        LOG.info("{}: open with {} to {} sessions", options.name(), options.minSessions(), options.maxSessions());
        return pool;
    }

    /**
     * Runs a call on a pooled session to its end; retried on another session after a crash when
     * the call is idempotent.
     *
     * @throws BorrowTimeoutException when no session became free within the borrow timeout
     * @throws PoolClosedException    when the pool is closed
     * @see dev.exobridge.session.PwshSession#invoke(Invocation) for the call's own failures
     */
    public InvocationResult invoke(Invocation invocation) {
        Objects.requireNonNull(invocation, "invocation");
        state.counters.call();
        long start = System.nanoTime();
        try {
            InvocationResult r = retryLoop(invocation).run(attempt -> {
                Lease lease = borrowFor(invocation);
                try (lease) {
                    return lease.call(invocation);
                } catch (RuntimeException e) {
                    // A crash: retried if the loop has retries left, else reported as the session's death.
                    throw Failures.crashed(e, lease.session())
                            ? RetryLoop.retry(Failures.reported(e, lease.session())) : e;
                }
            });
            state.counters.ended(start, null);
            return r;
        } catch (RuntimeException e) {
            state.counters.ended(start, e);
            throw e;
        }
    }

    /** Runs a script text; a shorthand for {@code invoke(Invocation.script(script).build())}. */
    public InvocationResult invoke(String script) {
        return invoke(Invocation.script(script).build());
    }

    /**
     * Starts a call whose output is consumed object by object. The session goes back to the pool
     * when the stream is exhausted, fails or is closed: close it (try-with-resources) when you stop
     * early. An idempotent call is restarted on another session when its session crashed before
     * the first object reached you.
     *
     * @throws BorrowTimeoutException when no session became free within the borrow timeout
     * @throws PoolClosedException    when the pool is closed
     */
    public ResultStream stream(Invocation invocation) {
        Objects.requireNonNull(invocation, "invocation");
        state.counters.call();
        return new LeasedStream(state, invocation, () -> borrowFor(invocation), retryLoop(invocation));
    }

    /**
     * Runs a call as {@link #invoke(Invocation)} does (crash retries of idempotent calls included),
     * on the pool's own async threads (as many as the pool can run calls at once; further calls
     * wait in line for one), and returns at once. The borrow timeout counts from this call.
     * {@link InvocationFuture#cancel(boolean)} stops the call in pwsh and gives the session back:
     * {@code true} as its timeout would (a kill after the stop grace), {@code false} with Stop only.
     * A closed pool completes the future with a {@link PoolClosedException}.
     */
    public InvocationFuture invokeAsync(Invocation invocation) {
        return async.invoke(Objects.requireNonNull(invocation, "invocation"));
    }

    /**
     * Runs {@code work} on a borrowed session on the pool's async threads: the general form of
     * {@link #invokeAsync(Invocation)}, for work of several calls on one session (such as an
     * Exchange call with its token renewal). {@code invocation} names the work in logs and decides
     * the crash retries: when it is idempotent and the session crashed or hung under the work, the
     * work runs again from the start on another session. The lease is given back when the work
     * returns; do not keep it. The calls the work makes with {@link Lease#invoke} and
     * {@link Lease#stream} are under the future's control: a cancel stops the one running as
     * {@link InvocationFuture#cancel(boolean)} describes, and any later one fails at once with a
     * {@link java.util.concurrent.CancellationException}. Each such call counts in
     * {@link #metrics()} as a call of its own.
     */
    public InvocationFuture invokeAsync(Invocation invocation, Function<Lease, InvocationResult> work) {
        return async.invoke(Objects.requireNonNull(invocation, "invocation"), Objects.requireNonNull(work, "work"));
    }

    /**
     * The call's output as a {@link java.util.concurrent.Flow.Publisher}: each subscription runs the
     * call once on the pool's async threads, and {@code request(n)} limits what it receives. A
     * stalled subscriber holds its session; see {@link CallPublisher} for how far back-pressure
     * reaches pwsh and what cancel does.
     */
    public CallPublisher publish(Invocation invocation) {
        return new CallPublisher(async, Objects.requireNonNull(invocation, "invocation"));
    }

    /**
     * The one retry loop of a pool call: an idempotent call whose session crashed or hung runs
     * again on another session, at once, at most {@link PoolOptions#maxRetries()} times.
     */
    private RetryLoop retryLoop(Invocation invocation) {
        return new RetryLoop(invocation.idempotent() ? options.maxRetries() : 0, Backoff.none())
                .onRetry((retry, cause, wait) -> {
                    state.counters.retry();
                    LOG.info("{}: retrying idempotent {} on another session after its session crashed or hung: {}",
                            options.name(), invocation, cause.getMessage());
                });
    }

    /** Borrows a session for several calls, waiting up to the pool's borrow timeout. */
    public Lease borrow() {
        return borrow(options.borrowTimeout());
    }

    /**
     * Borrows a session for several calls; close the lease to give it back.
     *
     * @param timeout how long to wait for a free session
     * @throws BorrowTimeoutException when none became free in time (the message says how long it
     *                                waited and how many sessions were busy)
     * @throws PoolClosedException    when the pool is closed
     */
    public Lease borrow(Duration timeout) {
        if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("the borrow timeout must not be negative, got " + timeout);
        }
        return new Lease(state, state.borrow(timeout));
    }

    private Lease borrowFor(Invocation invocation) {
        Lease lease = borrow(options.borrowTimeout());
        LOG.trace("{}: {} on {}", options.name(), invocation, lease);
        return lease;
    }

    /** A snapshot of the pool's figures. */
    public PoolMetrics metrics() {
        return state.metrics();
    }

    /**
     * Whether the pool can serve now: open, its minimum of sessions alive, the last session start
     * and warm-up succeeded. Cheap (no call runs), for a service's health endpoint.
     */
    public PoolHealth health() {
        return state.health();
    }

    /** Process ids of the pool's open sessions, for supervision and diagnostics. */
    public List<Long> pids() {
        return state.pids();
    }

    /** The options the pool runs with. */
    public PoolOptions options() {
        return options;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return state.isClosed();
    }

    /**
     * Closes every session (calls still running fail), stops the pool's threads, and returns once
     * every pwsh process of the pool is gone. Idempotent; never throws.
     */
    @Override
    public void close() {
        ShutdownHook.unregister(this);
        async.shutdown();
        state.close();
    }

    @Override
    public String toString() {
        return options.name();
    }
}
