package dev.exobridge.pool;

import dev.exobridge.session.InvocationResult;
import java.util.concurrent.CompletableFuture;

/**
 * The result of {@link SessionPool#invokeAsync}: a {@link CompletableFuture} whose
 * {@link #cancel(boolean)} also stops the call in pwsh and gives its session back.
 *
 * <p>What {@code cancel} does, by where the call is:
 * <ul>
 *   <li><b>waiting for its turn or for a session</b>: it never runs; it leaves the borrowers'
 *       queue at once. Either argument.</li>
 *   <li><b>running</b>, {@code cancel(true)}: stopped as its timeout would stop it. Stop is sent
 *       at once (the pipeline's {@code finally} blocks run); when the pipeline has not ended one
 *       stop grace ({@link dev.exobridge.session.SessionOptions#stopGrace()}) later, the session is
 *       killed and replaced, as after a hang. A pipeline that stops keeps its session warm.</li>
 *   <li><b>running</b>, {@code cancel(false)}: Stop is sent at once, as above, but the session is
 *       never killed for it: a pipeline that ignores Stop (a long .NET call such as
 *       {@code [Threading.Thread]::Sleep}) runs on until it ends or its own timeout stops it.</li>
 * </ul>
 * Either way the future completes at once with a {@link java.util.concurrent.CancellationException}
 * (as any {@code CompletableFuture}), and the session goes back to the pool when the pipeline
 * has ended: {@link #released()} completes then. A call that ended before the cancel is not
 * affected. Stages made from this future ({@code thenApply}...) are plain {@code CompletableFuture}s:
 * cancelling them does not reach the call.
 */
public final class InvocationFuture extends CompletableFuture<InvocationResult> {
    private final AsyncCall call;

    InvocationFuture(AsyncCall call) {
        this.call = call;
    }

    /**
     * Cancels the call; see the class for what {@code mayInterruptIfRunning} means here.
     *
     * @return whether this cancel completed the future (false when it had completed already)
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            call.cancel(mayInterruptIfRunning);
        }
        return cancelled;
    }

    /**
     * Completes (normally, with {@code null}) once the call has given its session back to the
     * pool, or will never take one; after a cancel, when the pipeline has ended.
     */
    public CompletableFuture<Void> released() {
        return call.released().copy();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "async " + call + " " + super.toString();
    }
}
