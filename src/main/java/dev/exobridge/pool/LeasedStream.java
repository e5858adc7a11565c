package dev.exobridge.pool;

import dev.exobridge.json.ResultObject;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.ResultStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A call's output stream on a pooled session. Counts the call's failure, marks a broken session
 * for replacement, and, for the pool's own streams, gives the lease back when the stream ends
 * (exhausted, failed or closed) and restarts an idempotent call on another session when its
 * session crashed before the first object reached the caller (through the call's one
 * {@link RetryLoop}, shared with {@code invoke}). Not thread-safe: one consumer.
 */
final class LeasedStream implements ResultStream {
    private final PoolState state;
    private final Invocation invocation;
    /** Borrows a new lease for a retry; {@code null} for a stream on a caller's lease. */
    private final Supplier<Lease> borrower;
    private final RetryLoop retries;
    // Written by the consumer, read by a canceller on another thread.
    private volatile Lease lease;
    private volatile ResultStream inner;
    private final long startNanos;
    private long delivered;
    private boolean done;

    /** A stream on the caller's own lease: no retries, the lease stays the caller's. */
    LeasedStream(PoolState state, Lease lease, ResultStream inner, long startNanos) {
        this.state = state;
        this.startNanos = startNanos;
        this.invocation = null;
        this.borrower = null;
        this.retries = new RetryLoop(0, Backoff.none());
        this.lease = lease;
        this.inner = inner;
    }

    /** A stream of the pool: borrows, starts, and retries a crashed idempotent call through {@code retries}. */
    LeasedStream(PoolState state, Invocation invocation, Supplier<Lease> borrower, RetryLoop retries) {
        this.state = state;
        this.startNanos = System.nanoTime();
        this.invocation = invocation;
        this.borrower = borrower;
        this.retries = retries;
        begin();
    }

    /** Borrows and starts the call, again on another session after a crash while starting. */
    private void begin() {
        try {
            inner = retries.run(attempt -> {
                try {
                    lease = borrower.get();
                } catch (RuntimeException e) {
                    lease = null;
                    throw e;
                }
                try {
                    return lease.open(invocation);
                } catch (RuntimeException e) {
                    throw retryable(e);
                }
            });
        } catch (RuntimeException e) {
            throw finish(e);
        }
    }

    @Override
    public boolean hasNext() {
        while (!done) {
            try {
                if (inner.hasNext()) {
                    return true;
                }
                state.counters.ended(startNanos, null);
                finish(null);
                return false;
            } catch (RuntimeException e) {
                RuntimeException failure = retryable(e);
                if (!(failure instanceof RetryLoop.Retry r) || !retries.again(r.failure())) {
                    throw finish(failure instanceof RetryLoop.Retry r ? r.failure() : failure);
                }
                begin();
            }
        }
        return false;
    }

    @Override
    public ResultObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the call has no more output");
        }
        delivered++;
        return inner.next();
    }

    @Override
    public InvocationResult summary() {
        return inner == null ? new InvocationResult(List.of(), List.of(), List.of()) : inner.summary();
    }

    @Override
    public void requestStop() {
        ResultStream s = inner;
        if (s != null) {
            s.requestStop();
        }
    }

    /**
     * From another thread, while the consumer waits in {@link #hasNext()}: stops the pipeline as a
     * timeout does (Stop now; when it has not ended {@code grace} later, the session is killed and
     * replaced). The consumer then sees the call end.
     *
     * @param ended completes when the consumer is done with the stream
     */
    void stopFromAnotherThread(Duration grace, CompletableFuture<?> ended) {
        Lease l = lease;
        requestStop();
        if (l != null) {
            l.killUnless(ended, grace);
        }
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        state.counters.closedEarly(startNanos);
        try {
            inner.close();
        } catch (RuntimeException e) {
            lease.failed(e);
        }
        finish(null);
    }

    /**
     * The failure {@code e} of the current lease: marks the session in doubt if it is, and asks
     * for a retry when its session crashed before anything reached the caller (the broken lease
     * is then given back). A crash that is not retried is reported as the session's death.
     */
    private RuntimeException retryable(RuntimeException e) {
        lease.failed(e);
        if (!Failures.crashed(e, lease.session())) {
            return e;
        }
        RuntimeException reported = Failures.reported(e, lease.session());
        if (borrower == null || delivered > 0) {
            return reported;
        }
        lease.close();
        return RetryLoop.retry(reported);
    }

    /** Ends the stream; returns the failure to throw ({@code null} for none). */
    private RuntimeException finish(RuntimeException e) {
        done = true;
        if (e != null) {
            state.counters.ended(startNanos, e);
        }
        if (borrower != null && lease != null) {
            lease.close();
        }
        return e;
    }
}
