package dev.exobridge.pool;

import java.time.Duration;

/**
 * The wait before the next session start after failed ones: none while starts succeed; after
 * {@code n} failures in a row, {@code initial * 2^(n-1)}, at most {@code max}, counted from the
 * last failure. Not thread-safe: the pool's lock guards it.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private int failures;
    private long notBeforeNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** A start failed at {@code nowNanos}; returns the wait before the next one. */
    Duration failed(long nowNanos) {
        failures++;
        long delay = initialNanos;
        for (int i = 1; i < failures && delay < maxNanos; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxNanos);
        notBeforeNanos = nowNanos + delay;
        return Duration.ofNanos(delay);
    }

    /** A start succeeded: the next one may go at once. */
    void succeeded() {
        failures = 0;
    }

    /** Failed starts in a row. */
    int failures() {
        return failures;
    }

    /** How long a start scheduled at {@code nowNanos} must wait. */
    long delayNanos(long nowNanos) {
        return failures == 0 ? 0 : Math.max(0, notBeforeNanos - nowNanos);
    }
}
