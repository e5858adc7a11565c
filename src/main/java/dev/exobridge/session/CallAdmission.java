package dev.exobridge.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which calls may start when, for one session: with a fast lane one call at a time (they share
 * the one runspace), waiting for the turn up to the call's timeout; without, every call at once
 * (pwsh queues them for a free runspace). Counts the calls running. Thread-safe.
 */
final class CallAdmission {
    private final boolean oneAtATime;
    /** The lane's turn: fair, so calls go in the order they came. */
    private final Semaphore turn = new Semaphore(1, true);
    private final AtomicInteger running = new AtomicInteger();
    /**
     * Set by a session's first call, which takes a pipeline of its own: on a cold pwsh the lane's
     * script costs about 0.1 s to parse and compile, which would delay the first answer.
     */
    private final AtomicBoolean firstTaken = new AtomicBoolean();

    CallAdmission(boolean oneAtATime) {
        this.oneAtATime = oneAtATime;
    }

    /**
     * Admits a call, waiting for its turn until the deadline; returns what ends it, once however
     * often it runs (it stops counting the call and gives the turn back).
     *
     * @throws InvocationTimeoutException when the turn did not come in time
     */
    Runnable admit(Deadline deadline) {
        if (oneAtATime) {
            try {
                if (deadline.isNone()) {
                    turn.acquire();
                } else if (!turn.tryAcquire(deadline.leftNanos(), TimeUnit.NANOSECONDS)) {
                    throw new InvocationTimeoutException(deadline.timeout(), false,
                            new InvocationResult(List.of(), List.of(), List.of()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionException("interrupted while waiting for the session", e);
            }
        }
        running.incrementAndGet();
        AtomicBoolean over = new AtomicBoolean();
        return () -> {
            if (over.compareAndSet(false, true)) {
                running.decrementAndGet();
                if (oneAtATime) {
                    turn.release();
                }
            }
        };
    }

    /** Whether this is the session's first call (true once). */
    boolean firstCall() {
        return !firstTaken.getAndSet(true);
    }

    /** Calls admitted and not yet over. */
    int running() {
        return running.get();
    }

    /**
     * For close: takes the turn, after the running call, within {@code timeout}, so that no call
     * starts a new lane while the session closes.
     *
     * @return whether the turn is held (give it back with {@link #giveBackAfterClose()} once the session is dead)
     */
    boolean holdForClose(Duration timeout) {
        try {
            return turn.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A call still waiting for its turn now finds the session closed. */
    void giveBackAfterClose() {
        turn.release();
    }
}
