package dev.exobridge.pool;

import dev.exobridge.json.ResultObject;
import dev.exobridge.pool.PoolMetrics.RestartCause;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session of a {@link SessionPool}, borrowed for several calls in a row (state set by one call,
 * such as a variable, is there for the next). Close it to give the session back, best with
 * try-with-resources; an unclosed lease keeps its session busy. Calls here are never retried: the
 * caller chose this session.
 *
 * <p>A session that crashed, or was killed after a timeout, during the lease is replaced when the
 * lease closes, never handed out again; calls after the crash fail with the session's
 * {@link dev.exobridge.session.SessionDeadException}. Use a lease from one thread at a time.
 */
public final class Lease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);
    private final PoolState state;
    private final PooledSession entry;
    private final AtomicBoolean returned = new AtomicBoolean();
    private volatile boolean inDoubt;
    // The async call this lease serves, when it does: its cancel stops the call of the moment.
    private volatile AsyncCall control;

    Lease(PoolState state, PooledSession entry) {
        this.state = state;
        this.entry = entry;
    }

    /**
     * Runs a call on this lease's session to its end.
     *
     * @throws IllegalStateException when the lease is closed
     * @see PwshSession#invoke(Invocation) for the failures
     */
    public InvocationResult invoke(Invocation invocation) {
        state.counters.call();
        long start = System.nanoTime();
        try {
            InvocationResult r = call(invocation);
            state.counters.ended(start, null);
            return r;
        } catch (RuntimeException e) {
            state.counters.ended(start, e);
            throw e;
        }
    }

    /** Runs a script text on this lease's session; a shorthand for {@code invoke(Invocation.script(s).build())}. */
    public InvocationResult invoke(String script) {
        return invoke(Invocation.script(script).build());
    }

    /**
     * Starts a call whose output is consumed object by object; close the stream before the lease.
     *
     * @throws IllegalStateException when the lease is closed
     */
    public ResultStream stream(Invocation invocation) {
        state.counters.call();
        long start = System.nanoTime();
        try {
            return new LeasedStream(state, this, open(invocation), start);
        } catch (RuntimeException e) {
            state.counters.ended(start, e);
            throw e;
        }
    }

    /** The process id of the session's pwsh. */
    public long pid() {
        return entry.session.pid();
    }

    /** Whether the session can run calls now. */
    public boolean isReady() {
        return entry.session.isReady();
    }

    /** Gives the session back to the pool (or has it replaced when it broke). Idempotent. */
    @Override
    public void close() {
        synchronized (this) { // decided apart from a kill after a cancel (killUnless)
            if (!returned.compareAndSet(false, true)) {
                return;
            }
        }
        state.giveBack(entry, inDoubt);
    }

    @Override
    public String toString() {
        return "lease of " + entry;
    }

    // ---- for the pool's own calls, which count and retry themselves ----------------------

    InvocationResult call(Invocation invocation) {
        AsyncCall c = control;
        if (c != null) {
            return controlledCall(invocation, c);
        }
        checkOpen();
        entry.uses.incrementAndGet();
        try {
            return entry.session.invoke(invocation);
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        }
    }

    /** A call of an async call: read as a stream, so that a cancel from another thread can stop it. */
    private InvocationResult controlledCall(Invocation invocation, AsyncCall c) {
        ResultStream s = open(invocation);
        try {
            List<ResultObject> out = new ArrayList<>();
            while (s.hasNext()) {
                out.add(s.next());
            }
            InvocationResult sum = s.summary();
            return new InvocationResult(out, sum.errors(), sum.records());
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        } finally {
            c.notRunning();
            s.close();
        }
    }

    ResultStream open(Invocation invocation) {
        checkOpen();
        AsyncCall c = control;
        if (c != null && c.cancelled()) {
            throw new CancellationException("the call was cancelled");
        }
        entry.uses.incrementAndGet();
        ResultStream s;
        try {
            s = entry.session.stream(invocation);
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        }
        if (c != null) {
            c.running(s, this); // a cancel that came meanwhile stops it at once
        }
        return s;
    }

    /** From now on the lease serves {@code call}: its cancel stops the call running here and refuses the next. */
    void controlledBy(AsyncCall call) {
        control = call;
    }

    /** A call on this session failed with {@code e}: remember whether the session is in doubt, and why. */
    void failed(RuntimeException e) {
        if (Failures.sessionInDoubt(e)) {
            if (entry.brokenBy == null) { // a kill after a cancel said HUNG already
                entry.brokenBy = e instanceof InvocationTimeoutException ? RestartCause.HUNG : RestartCause.CRASH;
            }
            inDoubt = true;
        }
    }

    PwshSession session() {
        return entry.session;
    }

    /**
     * The second half of stopping a call as a timeout does (the Stop was sent): kills the session
     * when {@code ended} has not completed {@code grace} from now; it is then replaced as hung.
     */
    void killUnless(CompletableFuture<?> ended, Duration grace) {
        CompletableFuture.delayedExecutor(grace.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            synchronized (this) {
                // Never once the lease went back: the session may serve another call by now.
                if (ended.isDone() || returned.get()) {
                    return;
                }
                entry.brokenBy = RestartCause.HUNG;
                inDoubt = true;
            }
            LOG.warn("{}: a cancelled call did not stop within {}; killing the session", entry, grace);
            entry.session.kill();
        });
    }

    private void checkOpen() {
        if (returned.get()) {
            throw new IllegalStateException("this lease of " + entry + " is closed; borrow a session again");
        }
    }
}
