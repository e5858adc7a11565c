package dev.exobridge.pool;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.ResultStream;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The control of one asynchronous call (an {@link InvocationFuture} or a subscription of a
 * {@link CallPublisher}), shared by its worker thread and whoever cancels: a cancel while the
 * worker waits for a session interrupts that wait; a cancel while the call runs stops its
 * pipeline ({@link LeasedStream#stopFromAnotherThread} or the stream's Stop, with a kill after the
 * stop grace when {@code force}). Thread-safe.
 */
final class AsyncCall {
    private final Invocation invocation;
    private final Duration stopGrace;
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    // Guarded by this.
    private Thread borrower;
    private ResultStream running;
    private Lease lease;
    private boolean cancelled;
    private boolean force;

    AsyncCall(Invocation invocation, Duration stopGrace) {
        this.invocation = invocation;
        this.stopGrace = stopGrace;
    }

    /** Completes when the call holds no session any more (or never will). */
    CompletableFuture<Void> released() {
        return released;
    }

    void release() {
        released.complete(null);
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    void cancel(boolean force) {
        ResultStream s;
        Lease l;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            this.force = force;
            if (borrower != null) {
                borrower.interrupt(); // leaves the borrowers' queue; the worker clears the flag
            }
            s = running;
            l = lease;
        }
        if (s != null) {
            stop(s, l, force);
        }
    }

    private void stop(ResultStream s, Lease l, boolean force) {
        if (s instanceof LeasedStream ls) {
            if (force) {
                ls.stopFromAnotherThread(stopGrace, released);
            } else {
                ls.requestStop();
            }
            return;
        }
        s.requestStop();
        if (force && l != null) {
            l.killUnless(released, stopGrace);
        }
    }

    /**
     * Borrows on the worker's thread so that a cancel can interrupt the wait.
     *
     * @throws CancellationException when the call was cancelled (a lease taken meanwhile is given back)
     */
    Lease borrow(Supplier<Lease> borrow) {
        synchronized (this) {
            if (cancelled) {
                throw new CancellationException("the call was cancelled");
            }
            borrower = Thread.currentThread();
        }
        Lease l = null;
        RuntimeException failure = null;
        try {
            l = borrow.get();
        } catch (RuntimeException e) {
            failure = e;
        }
        boolean wasCancelled;
        synchronized (this) {
            borrower = null;
            Thread.interrupted(); // an interrupt of ours lands before this point, never after
            wasCancelled = cancelled;
        }
        if (wasCancelled) {
            if (l != null) {
                l.close();
            }
            throw new CancellationException("the call was cancelled");
        }
        if (failure != null) {
            throw failure;
        }
        return l;
    }

    /** The call runs on {@code s} now; a cancel that came first stops it at once. */
    void running(ResultStream s, Lease l) {
        boolean stopNow;
        boolean f;
        synchronized (this) {
            running = s;
            lease = l;
            stopNow = cancelled;
            f = force;
        }
        if (stopNow) {
            stop(s, l, f);
        }
    }

    synchronized void notRunning() {
        running = null;
        lease = null;
    }

    @Override
    public String toString() {
        return String.valueOf(invocation);
    }
}
