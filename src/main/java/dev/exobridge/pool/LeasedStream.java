package dev.exobridge.pool;

import dev.exobridge.json.ResultObject;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.ResultStream;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's output stream on a pooled session. Counts the call's failure, marks a broken session
 * for replacement, and, for the pool's own streams, gives the lease back when the stream ends
 * (exhausted, failed or closed) and restarts an idempotent call on another session when its
 * session crashed before the first object reached the caller. Not thread-safe: one consumer.
 */
final class LeasedStream implements ResultStream {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedStream.class);

    private final PoolState state;
    private final Invocation invocation;
    /** Borrows a new lease for a retry; {@code null} for a stream on a caller's lease. */
    private final Supplier<Lease> borrower;
    private int retriesLeft;
    private Lease lease;
    private ResultStream inner;
    private long delivered;
    private boolean done;
    /** Whether the last failure was a crash of the session. */
    private boolean crashed;

    /** A stream on the caller's own lease: no retries, the lease stays the caller's. */
    LeasedStream(PoolState state, Lease lease, ResultStream inner) {
        this.state = state;
        this.invocation = null;
        this.borrower = null;
        this.lease = lease;
        this.inner = inner;
    }

    /** A stream of the pool: borrows, starts, and retries a crashed idempotent call. */
    LeasedStream(PoolState state, Invocation invocation, Supplier<Lease> borrower, int maxRetries) {
        this.state = state;
        this.invocation = invocation;
        this.borrower = borrower;
        this.retriesLeft = invocation.idempotent() ? maxRetries : 0;
        begin();
    }

    private void begin() {
        while (true) {
            try {
                lease = borrower.get();
            } catch (RuntimeException e) {
                done = true;
                state.errors.incrementAndGet();
                throw e;
            }
            try {
                inner = lease.open(invocation);
                return;
            } catch (RuntimeException e) {
                if (!retryAfter(e)) {
                    throw finish(e);
                }
            }
        }
    }

    @Override
    public boolean hasNext() {
        while (!done) {
            try {
                if (inner.hasNext()) {
                    return true;
                }
                finish(null);
                return false;
            } catch (RuntimeException e) {
                if (!retryAfter(e)) {
                    throw finish(e);
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

    @Override
    public void close() {
        if (done) {
            return;
        }
        try {
            inner.close();
        } catch (RuntimeException e) {
            lease.failed(e);
        }
        finish(null);
    }

    /** Whether to run the call again on another session after {@code e}; gives the broken lease back if so. */
    private boolean retryAfter(RuntimeException e) {
        lease.failed(e);
        crashed = Failures.crashed(e, lease.session());
        if (borrower == null || retriesLeft == 0 || delivered > 0 || !crashed) {
            return false;
        }
        retriesLeft--;
        state.retries.incrementAndGet();
        LOG.info("{}: retrying idempotent {} on another session after {} crashed: {}", state, invocation,
                lease.session(), e.getMessage());
        lease.close();
        return true;
    }

    /** Ends the stream; returns the failure to throw ({@code null} for none). */
    private RuntimeException finish(RuntimeException e) {
        done = true;
        RuntimeException reported = e;
        if (e != null) {
            state.errors.incrementAndGet();
            reported = crashed ? Failures.reported(e, lease.session()) : e;
        }
        if (borrower != null) {
            lease.close();
        }
        return reported;
    }
}
