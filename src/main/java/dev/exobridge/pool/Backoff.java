package dev.exobridge.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Waits that grow after failures in a row: none while things succeed; after {@code n} failures in
 * a row, {@code initial * 2^(n-1)}, at most {@code max}, counted from the last failure. With
 * {@linkplain #fullJitter full jitter} the wait is instead a random one from 0 to that bound, so
 * many callers throttled at once do not come back at once. The pool uses one between failed
 * session starts ({@link PoolOptions.Builder#startBackoff}) and {@link RetryLoop} one between
 * attempts. Not thread-safe: one owner (the pool's lock, one call).
 */
public final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    /** Draws the jittered wait; {@code null}: no jitter, the bound itself. */
    private final RandomGenerator jitter;
    private int failures;
    private long notBeforeNanos;

    /**
     * @param initial the wait after the first failure; {@link Duration#ZERO} for none at all
     * @param max     the longest wait, at least {@code initial}
     */
    public Backoff(Duration initial, Duration max) {
        this(initial, max, null);
    }

    private Backoff(Duration initial, Duration max, RandomGenerator jitter) {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("a back-off needs 0 <= initial <= max, got " + initial + ", " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.jitter = jitter;
    }

    /**
     * Exponential back-off with full jitter: after {@code n} failures in a row, a random wait from
     * 0 to {@code min(max, initial * 2^(n-1))}, both ends included.
     */
    public static Backoff fullJitter(Duration initial, Duration max) {
        // Asked at each draw, so the instance may move between threads with its owner.
        return fullJitter(initial, max, () -> ThreadLocalRandom.current().nextLong());
    }

    /** As {@link #fullJitter(Duration, Duration)}, drawing from {@code random} (a seeded one in tests). */
    public static Backoff fullJitter(Duration initial, Duration max, RandomGenerator random) {
        return new Backoff(initial, max, Objects.requireNonNull(random, "random"));
    }

    /** No wait at all, however many failures. */
    public static Backoff none() {
        return new Backoff(Duration.ZERO, Duration.ZERO);
    }

    /** A failure at {@code nowNanos} ({@link System#nanoTime()}); returns the wait before the next try. */
    public Duration failed(long nowNanos) {
        failures++;
        long delay = initialNanos;
        for (int i = 1; i < failures && delay < maxNanos; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxNanos);
        if (jitter != null) {
            delay = delay == Long.MAX_VALUE ? jitter.nextLong(delay) : jitter.nextLong(delay + 1);
        }
        notBeforeNanos = nowNanos + delay;
        return Duration.ofNanos(delay);
    }

    /** A success: the next try may go at once. */
    public void succeeded() {
        failures = 0;
    }

    /** Failures in a row. */
    public int failures() {
        return failures;
    }

    /** How long a try at {@code nowNanos} must still wait. */
    public long delayNanos(long nowNanos) {
        return failures == 0 ? 0 : Math.max(0, notBeforeNanos - nowNanos);
    }
}
