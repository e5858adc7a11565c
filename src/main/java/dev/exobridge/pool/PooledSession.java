package dev.exobridge.pool;

import dev.exobridge.session.PwshSession;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session as the pool keeps it: its own retirement age and use count (each cut by a random
 * jitter, so sessions started together do not all retire together), its leases and when it was
 * last given back. Its life in the pool: lendable, then (maybe) {@link #retiring} (no new
 * leases; it goes when its last one ends), then {@link #gone} (out of the pool, closing). Fields
 * without their own synchronisation are guarded by the pool's lock.
 */
final class PooledSession {
    /** The reasons {@link #lifetimeOver} gives, which the counters tell apart. */
    static final String MAX_AGE = "reached its maximum age";

    final PwshSession session;
    final long startedNanos;
    /** {@link System#nanoTime()} at which the session is retired; {@link Long#MAX_VALUE} for never. */
    final long retireAtNanos;
    /** Calls after which the session is retired; {@code 0} for no limit. */
    final long maxUses;
    /** Calls run on the session; counted by leases outside the lock. */
    final AtomicLong uses = new AtomicLong();

    int leases;
    long lastReturnedNanos;
    /** Why it retires once its current leases end, or {@code null} while it is lendable. */
    String retiring;
    /** No longer in the pool. */
    boolean gone;
    /** Why a call or check left it broken, for the restart's cause; {@code null} while it is not. */
    volatile PoolMetrics.RestartCause brokenBy;

    PooledSession(PwshSession session, long startedNanos, Duration maxAge, long maxUses, double jitter) {
        this.session = session;
        this.startedNanos = startedNanos;
        this.lastReturnedNanos = startedNanos;
        this.retireAtNanos = maxAge == null ? Long.MAX_VALUE : startedNanos + jittered(maxAge.toNanos(), jitter);
        this.maxUses = maxUses == 0 ? 0 : Math.max(1, jittered(maxUses, jitter));
    }

    /** {@code value} cut by a random fraction below {@code jitter}. */
    private static long jittered(long value, double jitter) {
        if (jitter <= 0) {
            return value;
        }
        return (long) (value * (1 - ThreadLocalRandom.current().nextDouble() * jitter));
    }

    /** Why the session's lifetime is over now (age or uses), or {@code null} while it is not. */
    String lifetimeOver(long nowNanos) {
        if (nowNanos - retireAtNanos >= 0) {
            return MAX_AGE;
        }
        if (maxUses > 0 && uses.get() >= maxUses) {
            return "reached its maximum of " + maxUses + " calls";
        }
        return null;
    }

    @Override
    public String toString() {
        return session.toString();
    }
}
