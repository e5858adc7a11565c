package dev.exobridge.pool;

import dev.exobridge.json.ResultObject;
import dev.exobridge.session.Invocation;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's output as a {@link Flow.Publisher} ({@link SessionPool#publish}). Cold: each
 * subscription runs the call once, on the pool's async threads, borrowing a session at its first
 * {@code request}. {@code request(n)} limits what the subscriber receives: the next object is read
 * only while demand is left.
 *
 * <p>How far back-pressure reaches pwsh: while the subscriber has no demand, nothing more is read
 * from the call; the objects already decoded from one output message (one batch, with output
 * batching, can hold hundreds) wait, then the pipeline's bounded inbox fills (a few hundred
 * messages or 4 MiB of their text), then the session's reader stops reading pwsh's stdout, the
 * pipe (64 KiB on Linux) fills, and pwsh's next write blocks, so the pipeline itself waits at its
 * next output. So pwsh runs ahead of the subscriber by at most those buffers, and a stalled
 * subscriber <b>holds its session</b> (and one async thread): no other call can use it until the
 * subscriber requests more or cancels. The call's own timeout counts only time spent waiting for
 * pwsh, not time spent waiting for demand.
 *
 * <p>{@code cancel()} stops the call as its timeout would ({@link InvocationFuture#cancel} with
 * {@code true}): Stop at once, a kill after the stop grace when the pipeline does not end; the
 * session goes back to the pool. A failure of the call ends the subscription with
 * {@code onError} (a {@link dev.exobridge.session.PowerShellErrorException},
 * {@link dev.exobridge.session.InvocationTimeoutException}...); an idempotent call whose session
 * crashed before the first object reached the subscriber is restarted on another session.
 * {@code request(n)} with {@code n <= 0} cancels and signals an {@link IllegalArgumentException}
 * (Reactive Streams rule 3.9). A subscriber's {@code onNext} that throws cancels the call.
 */
public final class CallPublisher implements Flow.Publisher<ResultObject> {
    private static final Logger LOG = LoggerFactory.getLogger(CallPublisher.class);

    private final AsyncCalls calls;
    private final Invocation invocation;

    CallPublisher(AsyncCalls calls, Invocation invocation) {
        this.calls = calls;
        this.invocation = invocation;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ResultObject> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Subscription s = new Subscription(subscriber);
        subscriber.onSubscribe(s);
        try {
            calls.executor().execute(s::run);
        } catch (RejectedExecutionException e) {
            s.call.release();
            subscriber.onError(new PoolClosedException(calls.name()));
        }
    }

    private final class Subscription implements Flow.Subscription {
        final Flow.Subscriber<? super ResultObject> subscriber;
        final AsyncCall call;
        // Guarded by this.
        private long demand;
        private IllegalArgumentException badRequest;

        Subscription(Flow.Subscriber<? super ResultObject> subscriber) {
            this.subscriber = subscriber;
            this.call = new AsyncCall(invocation, calls.stopGrace());
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                synchronized (this) {
                    if (badRequest == null) {
                        badRequest = new IllegalArgumentException("request(" + n + "): the demand must be positive"
                                + " (Reactive Streams rule 3.9)");
                    }
                }
                cancel();
                return;
            }
            synchronized (this) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n; // past Long.MAX_VALUE: unbounded
                notifyAll();
            }
        }

        @Override
        public void cancel() {
            call.cancel(true); // first: the worker wakes to find it cancelled
            synchronized (this) {
                notifyAll();
            }
        }

        /** Waits for demand; false when cancelled. */
        private boolean awaitDemand() {
            synchronized (this) {
                while (demand == 0 && !call.cancelled()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                if (call.cancelled()) {
                    return false;
                }
                demand--;
                return true;
            }
        }

        void run() {
            LeasedStream stream = null;
            try {
                if (!awaitDemand()) {
                    return;
                }
                stream = calls.stream(invocation, call);
                call.running(stream, null);
                boolean first = true;
                while (first || awaitDemand()) {
                    first = false;
                    boolean more;
                    try {
                        more = stream.hasNext();
                    } catch (RuntimeException e) {
                        if (!call.cancelled()) {
                            subscriber.onError(e);
                        }
                        return;
                    }
                    if (!more) {
                        subscriber.onComplete();
                        return;
                    }
                    ResultObject o = stream.next();
                    try {
                        subscriber.onNext(o);
                    } catch (RuntimeException e) {
                        LOG.warn("a subscriber's onNext threw; cancelling {}: {}", invocation, e.toString());
                        call.cancel(true);
                        return;
                    }
                }
            } catch (RuntimeException e) {
                if (!call.cancelled()) {
                    subscriber.onError(e); // the borrow or the start failed
                }
            } finally {
                call.notRunning();
                if (stream != null) {
                    stream.close(); // a cancelled call stops here as its timeout would (Stop, kill after the grace)
                }
                call.release();
                IllegalArgumentException bad;
                synchronized (this) {
                    bad = badRequest;
                }
                if (bad != null) {
                    subscriber.onError(bad);
                }
            }
        }
    }
}
